// A second bot process for the Redis sharing tests: opens its own store on the Redis given on the
// command line, spends `hits` of one user's rate limit, stores one chat's follow-up context, and
// prints what it saw as one JSON line.
import { createStore } from '../../src/store/index.js';

const [url, keyPrefix, hits] = process.argv.slice(2);
const store = await createStore({ keyvUrl: url, keyPrefix, rateLimitPerMinute: 5 });
const allowed: boolean[] = [];
for (let i = 0; i < Number(hits); i++) allowed.push((await store.rateLimit.hit('telegram', '42')).allowed);
await store.context.set({ platform: 'telegram', id: '-100555' }, '9001', { question: 'asked in the child', userId: '42', at: 7 });
const seen = await store.context.get({ platform: 'telegram', id: '-100555' }, '8000');
process.stdout.write(`${JSON.stringify({ allowed, seenFromParent: seen?.question ?? null, status: store.status() })}\n`);
await store.close();
