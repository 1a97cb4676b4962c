import KeyvRedis, { createClient, Keyv } from '@keyv/redis';
import { registerSecret, type Logger } from '../log/index.js';
import type { BucketDecision, BucketSpec, StoreBackend } from './backend.js';

export interface RedisBackendOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** A command that gets no reply within this many ms fails, so a stalled Redis cannot hang an answer (default 500). */
  commandTimeoutMs?: number;
  /** How long start-up waits for the first connection before going on degraded (default 2000). */
  connectTimeoutMs?: number;
}

/**
 * Token bucket, atomic in Redis. The clock is Redis's own (TIME), so processes on machines whose
 * clocks disagree still share one bucket fairly. Returns {allowed, retryAfterMs}.
 */
const TAKE_TOKEN_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill_ms = tonumber(ARGV[2])
local ttl_ms = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) / refill_ms)
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) * refill_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ttl_ms)
return {allowed, retry}
`;

/**
 * The shared backend: @keyv/redis for values, the same node-redis client for the atomic
 * primitives. The client never queues commands while disconnected (they fail at once and the
 * store degrades), times out commands that get no reply, and reconnects forever with backoff
 * capped at two seconds, so the bot picks Redis up again as soon as it returns.
 */
export async function createRedisBackend(options: RedisBackendOptions): Promise<StoreBackend> {
  const { logger, prefix } = options;
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  let password: string;
  try {
    password = decodeURIComponent(new URL(options.url).password);
  } catch {
    throw new Error(`coverage-bot: KEYV_URL is not a valid URL; expected redis://[user:password@]host[:port][/db] (got ${redactUrl(options.url)})`);
  }
  // node-redis may echo the URL in its errors; the logger scrubs registered secrets from every line.
  registerSecret(password);
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    pingInterval: 10_000,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  });
  // node-redis reports every failed reconnect attempt here; the store logs the outage once.
  client.on('error', (error: Error) => logger.debug({ error: error.message }, 'redis client error'));

  const connected = client.connect().then(
    () => true,
    () => false,
  );
  const ready = await Promise.race([connected, new Promise<false>((resolve) => setTimeout(resolve, connectTimeoutMs, false).unref())]);

  const adapter = new KeyvRedis(client as never, { namespace: prefix, throwOnErrors: true, throwOnConnectError: true });
  adapter.on('error', () => undefined);
  const values = new Keyv({ store: adapter, namespace: prefix, useKeyPrefix: false, throwOnErrors: true });
  values.on('error', () => undefined);

  const full = (key: string) => `${prefix}::${key}`;
  const requireReady = () => {
    if (!client.isReady) throw new Error('Redis is not connected');
  };

  return {
    kind: 'redis',
    values,
    answerCache: values,
    // node-redis times a command out only until it is written; a server that accepts the command
    // and never answers is caught by the store's per-operation timeout instead.
    operationTimeoutMs: commandTimeoutMs,
    startupError: ready ? undefined : new Error(`no connection to ${redactUrl(options.url)} within ${connectTimeoutMs} ms; retrying in the background`),
    takeToken: async (key: string, bucket: BucketSpec): Promise<BucketDecision> => {
      requireReady();
      const ttl = Math.ceil(bucket.capacity * bucket.refillMs);
      const reply = (await client.eval(TAKE_TOKEN_SCRIPT, {
        keys: [full(key)],
        arguments: [String(bucket.capacity), String(bucket.refillMs), String(ttl)],
      })) as [number, number];
      return { allowed: reply[0] === 1, retryAfterMs: Number(reply[1]) };
    },
    setIfAbsent: async (key, ttlMs) => {
      requireReady();
      const reply = await client.set(full(key), '1', { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } });
      return reply === 'OK';
    },
    hashSet: async (key, field, value, ttlMs) => {
      requireReady();
      const multi = client.multi().hSet(full(key), field, value);
      if (ttlMs) multi.pExpire(full(key), Math.max(1, Math.round(ttlMs)));
      await multi.exec();
    },
    hashGetAll: async (key) => {
      requireReady();
      return { ...(await client.hGetAll(full(key))) };
    },
    hashGet: async (key, field) => {
      requireReady();
      return (await client.hGet(full(key), field)) ?? undefined;
    },
    hashDelete: async (key, fields) => {
      requireReady();
      if (fields) return fields.length === 0 ? 0 : client.hDel(full(key), fields);
      const [count] = (await client.multi().hLen(full(key)).del(full(key)).exec()) as unknown as [number, number];
      return Number(count);
    },
    close: async () => {
      if (!client.isOpen) return;
      if (!client.isReady) {
        client.destroy();
        return;
      }
      // A graceful QUIT, unless the server does not answer it.
      const quit = client.close().then(
        () => true,
        () => false,
      );
      const timedOut = new Promise<false>((resolve) => setTimeout(resolve, commandTimeoutMs, false).unref());
      if (!(await Promise.race([quit, timedOut]))) client.destroy();
    },
  };
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
