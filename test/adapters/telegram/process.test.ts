/**
 * `npm start` with TELEGRAM_BOT_TOKEN: the whole process (dist/main.js, what `npm start` runs after building) against the fake Bot API
 * through TELEGRAM_API_ROOT, as an operator runs it: answers /ask, survives hostile input, and
 * stops cleanly on SIGTERM without ever logging the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Message } from 'telegraf/types';
import { projectRoot } from '../../../src/config/index.js';
import { bob, privateChat, startFakeTelegram, type ApiCall, type FakeTelegram } from '../../support/fake-telegram.js';

let fake: FakeTelegram;
let child: ChildProcess;
let stderr = '';
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  dataDir = mkdtempSync(path.join(tmpdir(), 'telegram-process-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    CORPUS_DIR: path.join(projectRoot, 'seeds'),
    DATA_DIR: dataDir,
    // Debug logs every update: the most chances for the token to leak.
    LOG_LEVEL: 'debug',
  };
  child = spawn(process.execPath, [path.join(projectRoot, 'dist/main.js')], { env, cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.stdout!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${stderr}`))));
  await Promise.race([vi.waitFor(() => expect(stderr).toContain('telegram bot running'), { timeout: 100_000, interval: 100 }), exited]);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('answers "/ask Who did Shoygu meet?" naming the person and citing the article', async () => {
  const asked = fake.userMessage({ text: '/ask Who did Shoygu meet?' }).message;
  const call = await fake.nextCall('sendMessage', 20_000);
  expect(call.error).toBeUndefined();
  expect(call.params.text).toMatch(/Memis/);
  expect(call.params.text).toContain('<b>Sources</b>\n1. <b>TRT World</b> — Kremlin says no plans yet for Putin-Trump call');
  expect(call.params.reply_parameters?.message_id).toBe(asked.message_id);
  expect(fake.calls('setMyCommands')).toHaveLength(1);
});

test('keeps running through hostile and odd input, answering each politely', async () => {
  const chat = privateChat(bob);
  const inputs = [
    '\u0000\u0007\u202E',
    '<script>alert(1)</script> & </a> <b>who</b>?',
    'Кто встречался с Шойгу в Пекине?',
    'مع من التقى شويغو؟',
    '🤖'.repeat(300),
    `${'x'.repeat(4000)}`,
  ];
  const asked: Message[] = inputs.map((text) => fake.userMessage({ text, chat }).message);
  // Updates of one batch are handled concurrently: the replies may come in any order.
  const replies: ApiCall[] = [];
  for (let i = 0; i < asked.length; i += 1) replies.push(await fake.nextCall('sendMessage', 20_000));
  expect(replies.map((c) => c.params.reply_parameters?.message_id).sort()).toEqual(asked.map((m) => m.message_id).sort());
  const replyTo = (message: Message) => String(replies.find((c) => c.params.reply_parameters?.message_id === message.message_id)!.params.text);
  for (const call of replies) {
    expect(call.error).toBeUndefined(); // the fake refuses broken HTML and empty text
    expect(String(call.params.text)).not.toMatch(/something went wrong/i);
  }
  expect(replyTo(asked[1]!)).not.toContain('<script>');
  expect(replyTo(asked[5]!)).toMatch(/That question is 4000 characters long; I take questions of up to 500/);
  // Still the same process, still answering.
  expect(child.exitCode).toBeNull();
  fake.userMessage({ text: 'Who did Shoygu meet?', chat });
  expect((await fake.nextCall('sendMessage', 20_000)).params.text).toMatch(/Memis/);
});

test('stops on SIGTERM: ends long polling and exits 0, the token never logged', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stderr).toContain('"signal":"SIGTERM"');
  expect(stderr).toContain('telegram: stopping');
  expect(stderr).not.toContain(fake.token);
  expect(stderr).not.toContain(fake.token.split(':')[1]);
});
