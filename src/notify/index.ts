import type { Coverage, Statement } from '../core/index.js';
import type { BotStore, Conversation } from '../store/index.js';
import type { Logger } from '../log/index.js';
import { latestFor } from '../service/latest.js';

/** A platform that can post a statement into one of its conversations (a Telegram chat, a Discord channel). */
export interface StatementSink {
  platform: Conversation['platform'];
  send(conversationId: string, statement: Statement): Promise<void>;
}

/** How long a "sent" mark lives; long enough that a restart or a second instance never re-sends. */
const SENT_MARK_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Statements of `next` that `previous` did not have (by id: the same words merged across outlets keep their id). */
export function freshStatements(next: Coverage, previous: Coverage): Statement[] {
  const known = new Set(previous.statements().map((s) => s.id));
  return next.statements().filter((s) => !known.has(s.id));
}

/**
 * Which of `fresh` a subscription query follows: read as a typed /latest is (`latestFor`), so a
 * query that names a speaker the coverage knows follows that speaker, any other is a topic, and
 * "speaker:" / "topic:" say which.
 */
export function matchSubscription(coverage: Coverage, query: string, fresh: readonly Statement[]): Statement[] {
  const freshIds = new Set(fresh.map((s) => s.id));
  return latestFor(coverage, query, coverage.statements().length).statements.filter((s) => freshIds.has(s.id));
}

/**
 * Posts each fresh statement to every conversation that follows it, once: the store's claim
 * decides which instance sends, so several bot processes sharing Redis never post twice.
 */
export async function notifySubscribers(deps: {
  store: BotStore;
  coverage: Coverage;
  fresh: readonly Statement[];
  sinks: readonly StatementSink[];
  logger: Logger;
}): Promise<number> {
  const { store, coverage, fresh, sinks, logger } = deps;
  if (fresh.length === 0 || sinks.length === 0) return 0;
  let sent = 0;
  for (const subscription of await store.subscriptions.all()) {
    const sink = sinks.find((s) => s.platform === subscription.conversation.platform);
    if (!sink) continue;
    for (const statement of matchSubscription(coverage, subscription.query, fresh)) {
      const { platform, id } = subscription.conversation;
      if (!(await store.claim(`notify:${platform}:${id}:${statement.id}`, SENT_MARK_TTL_MS))) continue;
      try {
        await sink.send(id, statement);
        sent += 1;
      } catch (error) {
        logger.warn({ platform, err: (error as Error).message }, 'could not post a new statement to a subscriber');
      }
    }
  }
  return sent;
}
