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

export interface LabelHistoryPageRequest {
  /** The last position of the previous page (decimal string); absent for the first page. */
  after?: string;
  limit?: number;
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

export async function readLabelHistory(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  labelId: string,
  { after, limit = LABEL_HISTORY_DEFAULT_LIMIT }: LabelHistoryPageRequest = {},
): Promise<LabelHistoryPage> {
  const from = after === undefined ? undefined : BigInt(after);
  const members = await store.zrange(ns, labelHistoryKey(accountId, labelId), {
    // Scores are positions as doubles; the exact comparison below settles what a double cannot tell apart.
    ...(from !== undefined ? { min: Number(from) } : {}),
    limit: limit + 2,
  });
  const entries = members
    .map((m) => JSON.parse(m.member) as LabelHistoryEntry)
    .filter((e) => from === undefined || BigInt(e.position) > from);
  const results = entries.slice(0, limit);
  const page: LabelHistoryPage = { results };
  if (entries.length > limit) page.paging = { next: { after: results[results.length - 1]!.position } };
  return page;
}
