import type { Namespace, ReadModelStore } from '../../read-model.port';
import { labelHistoryKey, labelTypeIdsKey, type LabelHistoryEntry } from './label-history.projection';

/** The read side of the label history projection: pages of one label's timeline, oldest first. */
export const LABEL_HISTORY_DEFAULT_LIMIT = 100;
export const LABEL_HISTORY_MAX_LIMIT = 500;

export interface LabelHistoryPage {
  results: LabelHistoryEntry[];
  /** Only when there is more: pass `next.after` to get the next page (HubSpot's paging shape). */
  paging?: { next: { after: string } };
}

/** Narrows a label's timeline; every criterion given must hold. Times are the entries' `occurredAt`. */
export interface LabelHistoryFilter {
  /** Any of these change types. */
  types?: readonly string[];
  /** The actor's user id (or process name), exactly. */
  actor?: string;
  /** Inclusive, epoch milliseconds. */
  from?: number;
  /** Exclusive, epoch milliseconds. */
  to?: number;
}

/** A filtered page looks at no more than `max(limit × this, LABEL_HISTORY_MIN_SCAN)` entries. */
export const LABEL_HISTORY_SCAN_FACTOR = 10;
export const LABEL_HISTORY_MIN_SCAN = 1000;
const FILTERED_READ_CHUNK = 200;

export interface LabelHistoryPageRequest {
  /** The last position of the previous page (decimal string); absent for the first page. */
  after?: string;
  limit?: number;
  filter?: LabelHistoryFilter;
  /** Overrides the scan bound (tests). */
  scanBudget?: number;
}

/** The labelId a typeId was created for: live, retiring or deleted. */
export async function labelIdOfTypeId(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  typeId: number,
): Promise<string | undefined> {
  return store.hget(ns, labelTypeIdsKey(accountId), String(typeId));
}

export function matchesLabelHistoryFilter(entry: LabelHistoryEntry, filter: LabelHistoryFilter): boolean {
  if (filter.types !== undefined && !filter.types.includes(entry.type)) return false;
  if (filter.actor !== undefined && entry.actor.userId !== filter.actor) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const at = Date.parse(entry.occurredAt);
    if (filter.from !== undefined && at < filter.from) return false;
    if (filter.to !== undefined && at >= filter.to) return false;
  }
  return true;
}

/**
 * One page of a label's timeline, oldest first. Filters are applied while reading, over a bounded stretch of the
 * timeline: a narrow filter may answer fewer entries than `limit` (even none) with `paging.next` to continue.
 */
export async function readLabelHistory(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  labelId: string,
  { after, limit = LABEL_HISTORY_DEFAULT_LIMIT, filter = {}, scanBudget }: LabelHistoryPageRequest = {},
): Promise<LabelHistoryPage> {
  const key = labelHistoryKey(accountId, labelId);
  const filtering = Object.values(filter).some((value) => value !== undefined);
  const budget = scanBudget ?? Math.max(limit * LABEL_HISTORY_SCAN_FACTOR, LABEL_HISTORY_MIN_SCAN);
  const matched: LabelHistoryEntry[] = [];
  let cursor = after === undefined ? undefined : BigInt(after);
  let scanned = 0;
  let end = false;
  // One entry beyond the page tells whether there is more.
  while (matched.length <= limit && scanned < budget) {
    const wanted = Math.min(filtering ? FILTERED_READ_CHUNK : limit + 1 - matched.length, budget - scanned);
    const from = cursor;
    const members = await store.zrange(ns, key, {
      // Scores are positions as doubles; the exact comparison below settles what a double cannot tell apart.
      ...(from !== undefined ? { min: Number(from) } : {}),
      limit: wanted + 2,
    });
    const entries = members
      .map((m) => JSON.parse(m.member) as LabelHistoryEntry)
      .filter((e) => from === undefined || BigInt(e.position) > from)
      .slice(0, wanted);
    for (const entry of entries) {
      scanned += 1;
      cursor = BigInt(entry.position);
      if (!matchesLabelHistoryFilter(entry, filter)) continue;
      matched.push(entry);
      if (matched.length > limit) break;
    }
    if (entries.length < wanted) {
      end = true;
      break;
    }
  }
  const results = matched.slice(0, limit);
  const page: LabelHistoryPage = { results };
  if (matched.length > limit) page.paging = { next: { after: results[limit - 1]!.position } };
  else if (!end && cursor !== undefined) page.paging = { next: { after: cursor.toString() } };
  return page;
}
