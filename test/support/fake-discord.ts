/**
 * A fake Discord for end-to-end tests, on 127.0.0.1: the REST API under /api/v10 and a v10
 * gateway WebSocket speaking plain JSON (no zlib). Tests dispatch gateway events (slash commands,
 * autocomplete, button presses, messages) and await what the bot sends back over REST.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { multipartBoundary, parseMultipart, type FormPart } from './multipart.js';

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. `/channels/1/messages`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Parsed JSON body (of a multipart upload: its payload_json), or undefined when there was none. */
  body: any;
  /** Files uploaded with the request (multipart `files[n]`). */
  files?: FormPart[];
  /** The status the fake answered with. */
  status: number;
  /** For an interaction callback: milliseconds since the fake dispatched the interaction. */
  ackMs?: number;
}

export interface ScriptedFailure {
  method?: string;
  /** Matches the path below /api/v10. */
  path: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** How many requests to fail (default 1). */
  times?: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface CommandOption {
  name: string;
  type: number;
  value: string | number;
  focused?: boolean;
}

export interface InteractionOptions {
  user?: FakeUser;
  /** A DM to the bot instead of the test guild's channel. */
  dm?: boolean;
  /** The member's permissions bitfield in the guild (default: Manage Channels and more). */
  permissions?: bigint;
  channelId?: string;
}

/** Permissions an ordinary member has: view, send, read history, use commands. */
export const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n);
/** An ordinary member plus Manage Channels. */
export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | (1n << 4n);
/** A moderator who may also manage the server (Manage Server), as /report requires. */
export const SERVER_MANAGER_PERMISSIONS = MODERATOR_PERMISSIONS | (1n << 5n);

const DISCORD_EPOCH = 1420070400000n;
let sequence = 0n;
/** A snowflake that Discord's sharding formula ((id >> 22) % count) sends to `target.shard`. */
function guildSnowflake(target?: { shard: number; count: number }): string {
  if (!target) return snowflake();
  sequence += 1n;
  const count = BigInt(target.count);
  const now = BigInt(Date.now()) - DISCORD_EPOCH;
  // The shard is the millisecond part modulo the count: go back to the last millisecond that gives it.
  const ms = now - ((((now - BigInt(target.shard)) % count) + count) % count);
  return ((ms << 22n) | (sequence & 0xfffn)).toString();
}

/** A real-looking snowflake: increasing with time, unique in this process. */
export function snowflake(): string {
  sequence += 1n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (sequence & 0xfffn)).toString();
}

export function fakeUser(username: string, bot = false): FakeUser {
  return { id: snowflake(), username, global_name: username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export interface FakeDiscord {
  /** For DISCORD_API_URL: `http://127.0.0.1:<port>/api`. */
  apiUrl: string;
  token: string;
  appId: string;
  bot: FakeUser;
  /** A member who asks questions by default. */
  member: FakeUser;
  guildId: string;
  channelId: string;
  /** Every REST request the bot made, in order. */
  requests: RecordedRequest[];
  /** IDENTIFY payloads received, and the query strings of gateway connections. */
  identifies: any[];
  gatewayQueries: URLSearchParams[];
  /** Registered commands per scope: `global` or the guild id. */
  commands: Map<string, any[]>;
  /** Messages the bot created, by id. */
  messages: Map<string, any>;
  /** How many gateway connections are open now. */
  openConnections(): number;
  /** Sessions resumed (op 6) after a dropped connection. */
  resumes: number;
  /**
   * Discord's window for the first response to an interaction (3 s); a later callback gets
   * 404 Unknown interaction (10062), as from Discord. Tests may shorten it.
   */
  ackWindowMs: number;
  /** Closes every gateway connection with `code` (4000: unknown error, which clients resume after). */
  dropConnections(code?: number): void;
  /** Resolves when the bot has identified and been sent READY. */
  ready: Promise<void>;
  /** The first request (at or after index `since`) that matches; rejects after `timeoutMs`. */
  waitForRequest(match: (r: RecordedRequest) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<RecordedRequest>;
  /** The interaction callback (the first response to an interaction). */
  callbackOf(interaction: { id: string; token: string }): Promise<RecordedRequest>;
  /** The edit of an interaction's deferred reply (its @original message). */
  editOf(interaction: { token: string }): Promise<RecordedRequest>;
  /** The bot's reply to a message (a message it posted in that channel referencing it). */
  replyOf(message: { id: string; channel_id: string }): Promise<RecordedRequest>;
  /** Requests whose path carries this interaction token (callback, follow-ups, edits). */
  requestsFor(token: string): RecordedRequest[];
  failNext(failure: ScriptedFailure): void;
  dispatch(type: string, data: unknown): void;
  command(name: string, options?: Record<string, string | number>, as?: InteractionOptions): { id: string; token: string };
  autocomplete(name: string, options: CommandOption[], as?: InteractionOptions): { id: string; token: string };
  pressButton(customId: string, message: any, as?: InteractionOptions): { id: string; token: string };
  /** Sends a MESSAGE_CREATE from `as.user` (default the member); `replyTo` is a message the bot sent. */
  message(content: string, options?: InteractionOptions & { mentionBot?: boolean; replyTo?: any; pingReply?: boolean; author?: FakeUser }): any;
  close(): Promise<void>;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Make the test guild's id route to this shard of `count` (Discord: (guild_id >> 22) % count). */
  guildShard?: { shard: number; count: number };
  /** The shard count GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? `fake.${randomBytes(18).toString('base64url')}`;
  const appId = snowflake();
  const bot = { ...fakeUser('coverage-bot', true), id: appId };
  const member = fakeUser('reader');
  const guildId = guildSnowflake(options.guildShard);
  const channelId = snowflake();
  const dmChannels = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const identifies: any[] = [];
  const gatewayQueries: URLSearchParams[] = [];
  const commands = new Map<string, any[]>();
  const messages = new Map<string, any>();
  const failures: ScriptedFailure[] = [];
  const interactions = new Map<string, { channelId: string; dispatchedAt: number; acknowledged: boolean; originalId?: string }>();
  /** The shard each gateway session identified as, so that a resumed connection gets its events. */
  const sessions = new Map<string, [number, number]>();
  let resumes = 0;
  let ackWindowMs = 3000;
  const waiters = new Set<{ match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  const sockets = new Set<WebSocket>();
  /** The [shard id, shard count] each connection identified with. */
  const shardOf = new Map<WebSocket, [number, number]>();
  let seq = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const server: Server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const wsUrl = `ws://127.0.0.1:${port}`;

  function channelPayload(id: string): any {
    const dmUser = [...dmChannels.entries()].find(([, c]) => c === id)?.[0];
    if (dmUser) return { id, type: 1, last_message_id: null, recipients: [{ ...member, id: dmUser }], flags: 0 };
    return { id, type: 0, guild_id: guildId, name: 'general', position: 0, permission_overwrites: [], nsfw: false, topic: null, parent_id: null, rate_limit_per_user: 0, flags: 0, last_message_id: null };
  }

  function dmChannelFor(user: FakeUser): string {
    if (!dmChannels.has(user.id)) dmChannels.set(user.id, snowflake());
    return dmChannels.get(user.id)!;
  }

  function botMessage(channel: string, body: any, extra: Record<string, unknown> = {}): any {
    const message = {
      id: snowflake(),
      channel_id: channel,
      ...([...dmChannels.values()].includes(channel) ? {} : { guild_id: guildId }),
      author: bot,
      content: body?.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
      ...extra,
    };
    messages.set(message.id, message);
    return message;
  }

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): number {
    if (body === undefined) {
      res.writeHead(status, headers).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    }
    return status;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    let files: FormPart[] | undefined;
    const boundary = multipartBoundary(req.headers['content-type']);
    if (boundary) {
      // Attachments: the message as payload_json, each file as files[n].
      const parts = parseMultipart(Buffer.concat(chunks), boundary);
      const payload = parts.find((p) => p.name === 'payload_json');
      body = payload ? JSON.parse(payload.data.toString('utf8')) : undefined;
      files = parts.filter((p) => p.filename !== undefined);
    } else {
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const record: RecordedRequest = { method, path, query: url.searchParams, authorization: req.headers.authorization, body, status: 0, ...(files ? { files } : {}) };
    record.status = route(record, res);
    requests.push(record);
    for (const waiter of [...waiters]) {
      if (waiter.match(record)) {
        waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
  }

  function route(r: RecordedRequest, res: ServerResponse): number {
    const failure = failures.find((f) => (!f.method || f.method === r.method) && f.path.test(r.path));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      return send(res, failure.status, failure.body, failure.headers);
    }
    const unauthenticated = /^\/(interactions|webhooks)\//.test(r.path);
    if (!unauthenticated && r.authorization !== `Bot ${token}`) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    let m: RegExpMatchArray | null;
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      return send(res, 200, { url: wsUrl, shards: options.recommendedShards ?? 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (r.method === 'GET' && r.path === '/users/@me') return send(res, 200, bot);
    if (r.method === 'GET' && r.path === '/applications/@me') return send(res, 200, { id: appId, name: 'coverage-bot', flags: 0, bot, description: '', icon: null });
    if ((m = r.path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const scope = m[2] ?? 'global';
      if (r.method === 'PUT') {
        const saved = (r.body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: appId, version: snowflake() }));
        commands.set(scope, saved);
        return send(res, 200, saved);
      }
      if (r.method === 'GET') return send(res, 200, commands.get(scope) ?? []);
    }
    if ((m = r.path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && r.method === 'POST') {
      const interaction = interactions.get(m[2]!);
      if (!interaction) return send(res, 404, { message: 'Unknown interaction', code: 10062 });
      r.ackMs = Date.now() - interaction.dispatchedAt;
      if (r.ackMs > ackWindowMs) return send(res, 404, { message: 'Unknown interaction', code: 10062 });
      if (interaction.acknowledged) return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      interaction.acknowledged = true;
      if (r.body?.type === 4 || r.body?.type === 7) {
        interaction.originalId = botMessage(interaction.channelId, r.body.data).id;
      }
      return send(res, 204);
    }
    if ((m = r.path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      const interaction = interactions.get(m[2]!);
      if (!interaction) return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
      const target = m[3];
      if (r.method === 'POST' && !target) return send(res, 200, botMessage(interaction.channelId, r.body, { webhook_id: appId }));
      if (r.method === 'PATCH' && target) {
        const id = target === '@original' ? interaction.originalId : target;
        const existing = id ? messages.get(id) : undefined;
        const updated = existing
          ? Object.assign(existing, { content: r.body?.content ?? existing.content, embeds: r.body?.embeds ?? existing.embeds, components: r.body?.components ?? existing.components, edited_timestamp: new Date().toISOString() })
          : botMessage(interaction.channelId, r.body, { webhook_id: appId });
        if (target === '@original') interaction.originalId = updated.id;
        return send(res, 200, updated);
      }
      if (r.method === 'DELETE' && target) {
        const id = target === '@original' ? interaction.originalId : target;
        if (id) messages.delete(id);
        return send(res, 204);
      }
      if (r.method === 'GET' && target) {
        const id = target === '@original' ? interaction.originalId : target;
        const found = id ? messages.get(id) : undefined;
        return found ? send(res, 200, found) : send(res, 404, { message: 'Unknown Message', code: 10008 });
      }
    }
    if ((m = r.path.match(/^\/channels\/(\d+)\/messages$/)) && r.method === 'POST') return send(res, 200, botMessage(m[1]!, r.body));
    if ((m = r.path.match(/^\/channels\/(\d+)\/typing$/)) && r.method === 'POST') return send(res, 204);
    if ((m = r.path.match(/^\/channels\/(\d+)$/)) && r.method === 'GET') return send(res, 200, channelPayload(m[1]!));
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }

  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    gatewayQueries.push(new URL(request.url ?? '/', wsUrl).searchParams);
    socket.on('close', () => {
      sockets.delete(socket);
      shardOf.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (data) => {
      const payload = JSON.parse(data.toString());
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (payload.op === 2) {
        identifies.push(payload.d);
        if (payload.d.token !== token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        const shard: [number, number] = payload.d.shard ?? [0, 1];
        shardOf.set(socket, shard);
        const hasGuild = shardFor(guildId, shard[1]) === shard[0];
        const sessionId = randomBytes(16).toString('hex');
        sessions.set(sessionId, shard);
        sendDispatch(socket, 'READY', {
          v: 10,
          user: { ...bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: hasGuild ? [{ id: guildId, unavailable: true }] : [],
          session_id: sessionId,
          resume_gateway_url: wsUrl,
          shard,
          application: { id: appId, flags: 0 },
          private_channels: [],
          relationships: [],
          user_settings: {},
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        });
        if (hasGuild) sendDispatch(socket, 'GUILD_CREATE', guildPayload());
        markReady();
      }
      if (payload.op === 6) {
        const shard = sessions.get(payload.d?.session_id);
        if (payload.d?.token !== token || !shard) {
          // Invalid session, not resumable: the client identifies again.
          socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
          return;
        }
        shardOf.set(socket, shard);
        resumes += 1;
        sendDispatch(socket, 'RESUMED', {});
      }
    });
  });

  function guildPayload(): any {
    const everyone = { id: guildId, name: '@everyone', permissions: MEMBER_PERMISSIONS.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null };
    const joined_at = new Date().toISOString();
    return {
      id: guildId, name: 'Test guild', icon: null, splash: null, discovery_splash: null, owner_id: member.id, afk_channel_id: null, afk_timeout: 300,
      verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, roles: [everyone], emojis: [], stickers: [], features: [],
      mfa_level: 0, application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null,
      description: null, banner: null, premium_tier: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0,
      premium_progress_bar_enabled: false, joined_at, large: false, unavailable: false, member_count: 2,
      members: [{ user: bot, roles: [], joined_at, deaf: false, mute: false, flags: 0, nick: null, avatar: null }],
      channels: [channelPayload(channelId)], threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [],
    };
  }

  function sendDispatch(socket: WebSocket, type: string, data: unknown): void {
    seq += 1;
    socket.send(JSON.stringify({ op: 0, t: type, s: seq, d: data }));
  }

  function baseInteraction(type: number, data: any, as: InteractionOptions = {}): { id: string; token: string; payload: any } {
    const user = as.user ?? member;
    const id = snowflake();
    const interactionToken = `itok_${randomBytes(24).toString('base64url')}`;
    const channel = as.channelId ?? (as.dm ? dmChannelFor(user) : channelId);
    interactions.set(interactionToken, { channelId: channel, dispatchedAt: Date.now(), acknowledged: false });
    const where = as.dm
      ? { user, channel_id: channel, channel: channelPayload(channel), context: 1 }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-US', features: [] },
          channel_id: channel,
          channel: channelPayload(channel),
          member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, permissions: (as.permissions ?? MODERATOR_PERMISSIONS).toString() },
          context: 0,
        };
    const payload = {
      id, application_id: appId, type, token: interactionToken, version: 1, data, locale: 'en-US', guild_locale: 'en-US',
      app_permissions: MODERATOR_PERMISSIONS.toString(), entitlements: [], authorizing_integration_owners: { 0: guildId }, attachment_size_limit: 26214400,
      ...where,
    };
    return { id, token: interactionToken, payload };
  }

  /** Discord's routing: a guild's events go to shard (guild_id >> 22) % count; DMs to shard 0. */
  function shardFor(id: string, count: number): number {
    return Number((BigInt(id) >> 22n) % BigInt(count));
  }

  function dispatch(type: string, data: any): void {
    for (const socket of sockets) {
      const shard = shardOf.get(socket);
      if (!shard) continue;
      const target = data?.guild_id ? shardFor(data.guild_id, shard[1]) : 0;
      if (target === shard[0]) sendDispatch(socket, type, data);
    }
  }

  function toOptions(options: Record<string, string | number>): CommandOption[] {
    return Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value }));
  }

  const waitForRequest: FakeDiscord['waitForRequest'] = (match, { since = 0, timeoutMs = 10_000 } = {}) => {
    const seen = requests.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (r: RecordedRequest) => { clearTimeout(timer); resolve(r); } };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms; saw ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token, appId, bot, member, guildId, channelId, requests, identifies, gatewayQueries, commands, messages, ready,
    waitForRequest,
    callbackOf(interaction) {
      return waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    },
    editOf(interaction) {
      return waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`));
    },
    replyOf(message) {
      return waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${message.channel_id}/messages` && r.body?.message_reference?.message_id === message.id,
      );
    },
    openConnections: () => [...sockets].filter((s) => s.readyState === s.OPEN).length,
    get resumes() {
      return resumes;
    },
    get ackWindowMs() {
      return ackWindowMs;
    },
    set ackWindowMs(ms: number) {
      ackWindowMs = ms;
    },
    dropConnections(code = 4000) {
      for (const socket of sockets) socket.close(code, 'dropped by the test');
    },
    requestsFor: (interactionToken) => requests.filter((r) => r.path.includes(interactionToken)),
    failNext: (failure) => void failures.push({ ...failure }),
    dispatch,
    command(name, options = {}, as = {}) {
      const { id, token: t, payload } = baseInteraction(2, { id: snowflake(), name, type: 1, options: toOptions(options) }, as);
      dispatch('INTERACTION_CREATE', payload);
      return { id, token: t };
    },
    autocomplete(name, options, as = {}) {
      const { id, token: t, payload } = baseInteraction(4, { id: snowflake(), name, type: 1, options }, as);
      dispatch('INTERACTION_CREATE', payload);
      return { id, token: t };
    },
    pressButton(customId, message, as = {}) {
      const { id, token: t, payload } = baseInteraction(3, { custom_id: customId, component_type: 2 }, { ...as, channelId: as.channelId ?? message.channel_id });
      dispatch('INTERACTION_CREATE', { ...payload, message });
      return { id, token: t };
    },
    message(content, options = {}) {
      const author = options.author ?? options.user ?? member;
      const channel = options.channelId ?? (options.dm ? dmChannelFor(author) : channelId);
      const mentions = [...(options.mentionBot ? [bot] : []), ...(options.replyTo && options.pingReply !== false ? [bot] : [])];
      const payload = {
        id: snowflake(), channel_id: channel, channel_type: options.dm ? 1 : 0, ...(options.dm ? {} : { guild_id: guildId, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } }),
        author, content, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false,
        mention_everyone: /@everyone|@here/.test(content) && !options.dm, mentions: [...new Map(mentions.map((u) => [u.id, u])).values()], mention_roles: [], attachments: [], embeds: [], components: [], pinned: false,
        type: options.replyTo ? 19 : 0, flags: 0,
        ...(options.replyTo
          ? { message_reference: { type: 0, message_id: options.replyTo.id, channel_id: channel, ...(options.dm ? {} : { guild_id: guildId }) }, referenced_message: options.replyTo }
          : {}),
      };
      dispatch('MESSAGE_CREATE', payload);
      return payload;
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
