import type { PublicEventEnvelope } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { scanAccountLog } from '../../audit/audit-log/audit-log.reader';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { encodeCursor } from '@app/runtime/events/event-cursor';
import { matchesFeed, type FeedFilter } from './feed-filter';

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;

export interface FeedPage {
  results: PublicEventEnvelope[];
  /** Always present: the cursor to continue from, now or (when `hasMore` is false) on the next poll. */
  paging: { next: { after: string } };
  /** Whether the log held more after this page when it was read; poll again later when false. */
  hasMore: boolean;
}

/**
 * One page of the account's public events after `after`, read straight from the store by position (like the audit
 * log, ADR 0007 §3: only the account goes to the store, the rest is filtered within a scan bound). The next cursor
 * moves past the events the filter skipped, so a narrow filter does not re-scan them on the next call.
 */
export async function readFeedPage(
  store: EventStore,
  accountId: string,
  filter: FeedFilter,
  { after, limit = FEED_DEFAULT_LIMIT }: { after: bigint; limit?: number },
): Promise<FeedPage> {
  const scan = await scanAccountLog(store, accountId, (event) => matchesFeed(event, filter), { after, limit });
  const next = scan.next ?? scan.scannedTo;
  return {
    results: scan.events.map((event) => toPublicEnvelope(event)),
    paging: { next: { after: encodeCursor(next) } },
    hasMore: scan.next !== undefined,
  };
}
