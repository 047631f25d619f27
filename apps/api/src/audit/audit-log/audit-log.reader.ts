import { Readable } from 'node:stream';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { AUDIT_CSV_COLUMNS, auditCsvFields, auditEntryOf, type AuditEntry } from './audit-entry';
import { isFiltering, matchesAuditFilter, type AuditEventFilter } from './audit-event.filter';
import { csvRecord } from './csv';

/**
 * The account audit log is the event store itself, read through the port by account (both durable adapters index
 * `(account_id, position)`). Only the account goes to the store; every other criterion is applied here while
 * paging, so that a request scans a bounded stretch of the log whatever its filters: a rare filter answers a short
 * (even empty) page with `paging.next.after` to continue, never a scan of the whole account.
 */
export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 500;
/** A filtered page scans at most `max(limit × AUDIT_SCAN_FACTOR, AUDIT_MIN_SCAN)` events of the account. */
export const AUDIT_SCAN_FACTOR = 10;
export const AUDIT_MIN_SCAN = 1000;
/** Events per read from the store, for filtered pages and the CSV export. */
export const AUDIT_READ_CHUNK = 500;

export interface AuditPage {
  results: AuditEntry[];
  /** Only when the log may hold more: `next.after` is the position to continue after. */
  paging?: { next: { after: string } };
}

export interface AuditPageRequest {
  /** Exclusive: the previous page's `paging.next.after`. */
  after?: bigint;
  limit?: number;
  /** Overrides the scan bound (tests). */
  scanBudget?: number;
}

export async function readAuditPage(
  store: EventStore,
  accountId: string,
  filter: AuditEventFilter,
  { after = 0n, limit = AUDIT_DEFAULT_LIMIT, scanBudget }: AuditPageRequest = {},
): Promise<AuditPage> {
  const page = await scanAccountLog(store, accountId, (event) => matchesAuditFilter(event, filter), {
    after,
    limit,
    scanBudget,
    filtering: isFiltering(filter),
  });
  const results = page.events.map(auditEntryOf);
  return page.next === undefined ? { results } : { results, paging: { next: { after: page.next.toString() } } };
}

export interface AccountLogScan {
  /** At most `limit` matching events, in log order. */
  events: RecordedEvent[];
  /** Where to continue (exclusive) when the log may hold more: the last event returned, or the last one looked at. */
  next?: bigint;
  /** The last event of the account looked at (the end of the scan), or `after` when none. */
  scannedTo: bigint;
}

/**
 * One page of the account's log narrowed by `matches`: only the account goes to the store (its `(account_id,
 * position)` index), the rest is applied while paging within a scan bound (ADR 0007 §3). The audit log and the
 * event feed's JSON pages share it.
 */
export async function scanAccountLog(
  store: EventStore,
  accountId: string,
  matches: (event: RecordedEvent) => boolean,
  {
    after = 0n,
    limit,
    scanBudget,
    filtering = true,
  }: { after?: bigint; limit: number; scanBudget?: number; filtering?: boolean },
): Promise<AccountLogScan> {
  const budget = scanBudget ?? Math.max(limit * AUDIT_SCAN_FACTOR, AUDIT_MIN_SCAN);
  const matched: RecordedEvent[] = [];
  let cursor = after;
  let scanned = 0;
  let endOfLog = false;
  // One event beyond the page tells whether there is more.
  while (matched.length <= limit && scanned < budget) {
    const wanted = filtering ? AUDIT_READ_CHUNK : limit + 1 - matched.length;
    const maxCount = Math.min(wanted, budget - scanned);
    const events = await store.readAll({ after: cursor, maxCount, filter: { accountId } });
    for (const event of events) {
      scanned += 1;
      cursor = event.position;
      if (!matches(event)) continue;
      matched.push(event);
      if (matched.length > limit) break;
    }
    if (events.length < maxCount) {
      endOfLog = true;
      break;
    }
  }
  const events = matched.slice(0, limit);
  if (matched.length > limit) return { events, next: events[limit - 1]!.position, scannedTo: cursor };
  // The scan budget ran out before the end of the log: continue after the last event looked at.
  if (!endOfLog) return { events, next: cursor, scannedTo: cursor };
  return { events, scannedTo: cursor };
}

/**
 * The CSV export: a header, then the matching events after `after` up to `head` (the end of the log when the export
 * started), a chunk of text per store read. Reads happen as the consumer pulls, so memory holds about one chunk.
 */
export async function* auditCsvChunks(
  store: EventStore,
  accountId: string,
  filter: AuditEventFilter,
  { after = 0n, head }: { after?: bigint; head: bigint },
): AsyncGenerator<string> {
  yield csvRecord(AUDIT_CSV_COLUMNS);
  let cursor = after;
  while (cursor < head) {
    const events = await store.readAll({ after: cursor, maxCount: AUDIT_READ_CHUNK, filter: { accountId } });
    let text = '';
    let pastHead = false;
    for (const event of events) {
      if (event.position > head) {
        pastHead = true;
        break;
      }
      cursor = event.position;
      if (matchesAuditFilter(event, filter)) text += csvRecord(auditCsvFields(auditEntryOf(event)));
    }
    if (text !== '') yield text;
    if (pastHead || events.length < AUDIT_READ_CHUNK) return;
  }
}

/**
 * The export as a byte stream: it pulls the next chunk only when the consumer (the HTTP response) has room, so a
 * slow client slows the reads instead of filling memory. The head is read first, before any byte is sent, so that an
 * unreachable store is still answered with an error status rather than a broken stream.
 */
export async function auditCsvStream(
  store: EventStore,
  accountId: string,
  filter: AuditEventFilter,
  after?: bigint,
): Promise<Readable> {
  const head = await store.headPosition();
  return Readable.from(auditCsvChunks(store, accountId, filter, { after, head }), { objectMode: false });
}
