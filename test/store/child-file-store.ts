// A bot process on the embedded store that stores one follow-up context and exits at once with
// process.exit, without closing the store: what survives is what a restarted bot will find.
import { createStore } from '../../src/store/index.js';

const [dataDir] = process.argv.slice(2);
const store = await createStore({ dataDir, flushDelayMs: 60_000 });
await store.context.set({ platform: 'discord', id: '1122' }, '9001', { question: 'asked before the restart', userId: '42', at: 7 });
process.exit(0);
