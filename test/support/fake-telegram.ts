/**
 * A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests: the real bot talks to it through
 * its API root. It answers /bot<token>/<method> like Telegram (getMe, getUpdates with long polling,
 * sendMessage, answerInlineQuery, setMyCommands, setWebhook, deleteWebhook, getWebhookInfo,
 * getChatMember), records every call, and lets a test queue updates, wait for the next call of a
 * method, and script an error (429 with retry_after, 403) for a method's next call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, Chat, InlineQuery, Message, MessageEntity, Update, User } from 'telegraf/types';
import { multipartBoundary, parseMultipart, type FormPart } from './multipart.js';

export interface ApiCall {
  method: string;
  params: Record<string, any>;
  /** Files uploaded with the call (multipart), e.g. sendDocument's document. */
  files?: FormPart[];
  /** What the fake answered: a result, or the error it was scripted to return. */
  result?: any;
  error?: ApiError;
  at: number;
}

export interface ApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeTelegram {
  /** Pass as the bot's API root (TELEGRAM_API_ROOT). */
  apiRoot: string;
  token: string;
  /** The bot getMe describes. */
  me: User & { username: string };
  /** Queues an update (its update_id is assigned) for the next getUpdates. */
  queueUpdate(
    update: Omit<Update.MessageUpdate, 'update_id'> | Omit<Update.InlineQueryUpdate, 'update_id'> | Omit<Update.CallbackQueryUpdate, 'update_id'>,
  ): Update;
  /**
   * A press of an inline keyboard button under `message` (a message the bot sent), as Telegram
   * delivers it; `data` may be anything a client could send, hostile included.
   */
  pressButton(options: { data: unknown; message: Message; from?: User }): Update.CallbackQueryUpdate;
  /**
   * Builds the message Telegram would deliver (with bot_command and mention entities) and queues it.
   * `queue: false` builds it without queueing, e.g. to post it to a webhook.
   */
  userMessage(options: {
    text: string;
    chat?: Chat;
    from?: User;
    replyTo?: Message;
    queue?: boolean;
    /** More message fields, e.g. a forum topic's `message_thread_id`. */
    extra?: Record<string, unknown>;
  }): Update.MessageUpdate;
  inlineQuery(options: { query: string; from?: User }): InlineQuery;
  /** The next call of `method` not yet returned by nextCall (waits for it). */
  nextCall(method: string, timeoutMs?: number): Promise<ApiCall>;
  /** Every call of `method` so far. */
  calls(method: string): ApiCall[];
  /**
   * Resolves once the poller has confirmed update `updateId` (asked for updates past it). A poller
   * asks for the next batch only after handling the last, so by then the bot has sent its replies.
   */
  handled(updateId: number, timeoutMs?: number): Promise<void>;
  /** The next call of `method` gets this error instead of its result. Several queue up in order. */
  failNext(method: string, error: ApiError): void;
  /** What getChatMember says about any user (default "member"). */
  setMemberStatus(status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'): void;
  webhook: { url: string; secret_token?: string } | undefined;
  /** What getWebhookInfo reports as the last failed delivery to the webhook (Telegram's last_error_message), or undefined. */
  webhookError: string | undefined;
  close(): Promise<void>;
}

export const alice: User = { id: 1001, is_bot: false, first_name: 'Alice', username: 'alice' };
export const bob: User = { id: 1002, is_bot: false, first_name: 'Bob', username: 'bob' };
export const privateChat = (user: User = alice): Chat.PrivateChat => ({ id: user.id, type: 'private', first_name: user.first_name });
export const groupChat: Chat.SupergroupChat = { id: -100123, type: 'supergroup', title: 'Newsroom' };

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeTelegram(options: { token?: string; username?: string } = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456789:TEST-token_abcdefghijklmnopqrstuvwxyz';
  const me = { id: 777, is_bot: true as const, first_name: 'Coverage', username: options.username ?? 'CoverageTestBot' };
  const updates: Update[] = [];
  const pollers = new Set<() => void>();
  const log: ApiCall[] = [];
  const consumed = new Map<string, number>();
  const callWaiters = new Set<() => void>();
  const failures = new Map<string, ApiError[]>();
  const chats = new Map<number, Chat>();
  let memberStatus = 'member';
  /** The highest getUpdates offset asked for so far, counted when the request arrives. */
  let confirmedOffset = 0;
  let nextUpdateId = 1;
  let nextMessageId = 5000;
  let webhook: FakeTelegram['webhook'];
  let webhookError: string | undefined;
  const now = () => Math.floor(Date.now() / 1000);

  const record = (call: ApiCall) => {
    log.push(call);
    for (const wake of [...callWaiters]) wake();
  };

  function queueUpdate(update: object): Update {
    const full = { ...update, update_id: nextUpdateId++ } as Update;
    updates.push(full);
    for (const wake of [...pollers]) wake();
    return full;
  }

  async function getUpdates(params: Record<string, any>, res: ServerResponse): Promise<Update[]> {
    const offset = Number(params.offset ?? 0);
    // Telegram forgets every update below the offset: that is how a poller confirms them.
    while (updates.length > 0 && updates[0]!.update_id < offset) updates.shift();
    if (updates.length > 0) return updates.slice(0, Number(params.limit ?? 100));
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    if (timeoutMs === 0) return [];
    await new Promise<void>((resolve) => {
      const wake = () => {
        pollers.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      pollers.add(wake);
      // The poller gave up (aborted on stop): stop holding.
      res.once('close', wake);
    });
    return updates.filter((u) => u.update_id >= offset).slice(0, Number(params.limit ?? 100));
  }

  function sendMessage(params: Record<string, any>): Message.TextMessage {
    const chatId = Number(params.chat_id);
    if (typeof params.text !== 'string' || params.text.trim() === '') throw { error_code: 400, description: 'Bad Request: message text is empty' };
    if (params.text.length > 4096) throw { error_code: 400, description: 'Bad Request: message is too long' };
    if (params.parse_mode === 'HTML') {
      const problem = telegramHtmlProblem(params.text);
      if (problem) throw { error_code: 400, description: `Bad Request: can't parse entities: ${problem}` };
    }
    const replyTo = params.reply_parameters?.message_id;
    return {
      message_id: nextMessageId++,
      date: now(),
      chat: chats.get(chatId) ?? { id: chatId, type: 'private', first_name: 'Someone' },
      from: me,
      text: params.text,
      ...(replyTo !== undefined ? { reply_to_message: { message_id: replyTo } as Message.TextMessage } : {}),
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
    } as Message.TextMessage;
  }

  async function answer(method: string, params: Record<string, any>, res: ServerResponse, files: FormPart[] = []): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...me, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
      case 'getUpdates':
        if (webhook) throw { error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active" };
        return getUpdates(params, res);
      case 'sendMessage':
        return sendMessage(params);
      case 'setWebhook':
        webhook = { url: String(params.url), secret_token: params.secret_token };
        return true;
      case 'deleteWebhook':
        webhook = undefined;
        return true;
      case 'getWebhookInfo':
        return {
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: updates.length,
          ...(webhook && webhookError ? { last_error_date: now(), last_error_message: webhookError } : {}),
        };
      case 'getChatMember':
        return { status: memberStatus, user: { id: Number(params.user_id), is_bot: false, first_name: 'Member' } };
      case 'answerInlineQuery':
        for (const result of (params.results ?? []) as Array<{ input_message_content?: { message_text?: string; parse_mode?: string } }>) {
          const content = result.input_message_content;
          const problem = content?.parse_mode === 'HTML' ? telegramHtmlProblem(content.message_text ?? '') : undefined;
          if (problem) throw { error_code: 400, description: `Bad Request: can't parse entities: ${problem}` };
        }
        return true;
      case 'answerCallbackQuery':
        if (typeof params.text === 'string' && params.text.length > 200) throw { error_code: 400, description: 'Bad Request: MESSAGE_TOO_LONG' };
        return true;
      case 'editMessageText': {
        const problem = params.parse_mode === 'HTML' ? telegramHtmlProblem(String(params.text ?? '')) : undefined;
        if (problem) throw { error_code: 400, description: `Bad Request: can't parse entities: ${problem}` };
        const chatId = Number(params.chat_id);
        return { message_id: Number(params.message_id), date: now(), chat: chats.get(chatId) ?? { id: chatId, type: 'private', first_name: 'Someone' }, from: me, text: params.text };
      }
      case 'sendDocument': {
        const chatId = Number(params.chat_id);
        const document = files.find((f) => f.name === 'document');
        if (!document) throw { error_code: 400, description: 'Bad Request: there is no document in the request' };
        return {
          message_id: nextMessageId++,
          date: now(),
          chat: chats.get(chatId) ?? { id: chatId, type: 'private', first_name: 'Someone' },
          from: me,
          document: { file_id: `file${nextMessageId}`, file_unique_id: `u${nextMessageId}`, file_name: document.filename, mime_type: document.contentType, file_size: document.data.length },
          ...(params.caption ? { caption: params.caption } : {}),
        };
      }
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return true;
      default:
        throw { error_code: 404, description: 'Not Found: method not found' };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const { fields, files } = await readBody(req);
    const params = { ...Object.fromEntries(url.searchParams), ...fields };
    if (method === 'getUpdates' && Number(params.offset ?? 0) > confirmedOffset) {
      confirmedOffset = Number(params.offset);
      for (const wake of [...callWaiters]) wake();
    }
    const call: ApiCall = { method, params, at: Date.now(), ...(files.length > 0 ? { files } : {}) };
    const scripted = failures.get(method)?.shift();
    try {
      if (scripted) throw scripted;
      call.result = await answer(method, params, res, files);
      if (res.destroyed) return;
      record(call);
      reply(200, { ok: true, result: call.result });
    } catch (thrown) {
      call.error = thrown as ApiError;
      record(call);
      reply(200, { ok: false, ...call.error });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    me,
    get webhook() {
      return webhook;
    },
    get webhookError() {
      return webhookError;
    },
    set webhookError(message) {
      webhookError = message;
    },
    queueUpdate: (update) => queueUpdate(update),
    userMessage({ text, chat = privateChat(), from = chat.type === 'private' ? { ...alice, id: chat.id } : alice, replyTo, queue = true, extra }) {
      chats.set(chat.id, chat);
      const message = {
        message_id: nextMessageId++,
        date: now(),
        chat,
        from,
        text,
        ...(entitiesOf(text).length > 0 ? { entities: entitiesOf(text) } : {}),
        ...(replyTo ? { reply_to_message: replyTo } : {}),
        ...extra,
      } as Message.TextMessage;
      const update = { message } as Update.MessageUpdate;
      return (queue ? queueUpdate(update) : { ...update, update_id: nextUpdateId++ }) as Update.MessageUpdate;
    },
    pressButton({ data, message, from = alice }) {
      const callback = { id: String(nextUpdateId * 37), from, chat_instance: '1', message, data } as unknown as CallbackQuery;
      return queueUpdate({ callback_query: callback }) as Update.CallbackQueryUpdate;
    },
    inlineQuery({ query, from = alice }) {
      const inline: InlineQuery = { id: String(nextUpdateId * 31), from, query, offset: '' };
      queueUpdate({ inline_query: inline });
      return inline;
    },
    async nextCall(method, timeoutMs = 10_000) {
      const started = Date.now();
      for (;;) {
        const seen = consumed.get(method) ?? 0;
        const found = log.filter((c) => c.method === method)[seen];
        if (found) {
          consumed.set(method, seen + 1);
          return found;
        }
        const left = timeoutMs - (Date.now() - started);
        if (left <= 0) throw new Error(`fake Telegram: no ${method} call within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            callWaiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          callWaiters.add(wake);
        });
      }
    },
    calls: (method) => log.filter((c) => c.method === method),
    async handled(updateId, timeoutMs = 10_000) {
      const started = Date.now();
      while (confirmedOffset <= updateId) {
        const left = timeoutMs - (Date.now() - started);
        if (left <= 0) throw new Error(`fake Telegram: update ${updateId} not confirmed within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            callWaiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          callWaiters.add(wake);
        });
      }
    },
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    setMemberStatus(status) {
      memberStatus = status;
    },
    async close() {
      for (const wake of [...pollers]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The entities Telegram would attach: a command at the start, and @mentions anywhere. */
function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,32}/g)) {
    entities.push({ type: 'mention', offset: mention.index, length: mention[0].length });
  }
  return entities;
}

async function readBody(req: IncomingMessage): Promise<{ fields: Record<string, any>; files: FormPart[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const boundary = multipartBoundary(req.headers['content-type']);
  if (boundary) {
    // Telegram reads the non-file fields of a multipart upload as strings (JSON for objects).
    const parts = parseMultipart(body, boundary);
    const fields: Record<string, any> = {};
    for (const part of parts.filter((p) => p.filename === undefined)) {
      const text = part.data.toString('utf8');
      try {
        fields[part.name] = /^[[{]/.test(text) ? JSON.parse(text) : text;
      } catch {
        fields[part.name] = text;
      }
    }
    return { fields, files: parts.filter((p) => p.filename !== undefined) };
  }
  const raw = body.toString('utf8');
  if (!raw) return { fields: {}, files: [] };
  if ((req.headers['content-type'] ?? '').includes('application/json')) return { fields: JSON.parse(raw) as Record<string, any>, files: [] };
  return { fields: Object.fromEntries(new URLSearchParams(raw)), files: [] };
}

const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

/** Why Telegram would refuse this HTML, roughly as strict as its parser; undefined when it is fine. */
export function telegramHtmlProblem(html: string): string | undefined {
  const open: string[] = [];
  const pattern = /<(\/?)([^\s>]*)([^>]*)>|&([^;\s]*);?|[<>]/g;
  for (const match of html.matchAll(pattern)) {
    const [raw, closing, name, attributes, entity] = match;
    if (raw === '<' || raw === '>') return `unexpected "${raw}" at byte offset ${match.index}`;
    if (raw.startsWith('&')) {
      if (!raw.endsWith(';') || !/^(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+)$/.test(entity ?? '')) return `unsupported entity ${raw}`;
      continue;
    }
    const tag = (name ?? '').toLowerCase();
    if (!TELEGRAM_TAGS.has(tag)) return `unsupported start tag "${tag}" at byte offset ${match.index}`;
    if (closing) {
      if (open.pop() !== tag) return `can't find end tag corresponding to start tag "${tag}"`;
    } else {
      if (tag === 'a' && !/^\s+href="[^"<>]*"\s*$/.test(attributes ?? '')) return `bad a tag ${raw}`;
      open.push(tag);
    }
  }
  return open.length > 0 ? `can't find end tag corresponding to start tag "${open.at(-1)}"` : undefined;
}
