import {
  HUBSPOT_DEFINED_TYPES,
  INVERSE_PRIMARY_TYPE_IDS,
  PRIMARY_TYPE_IDS,
  unlabeledTypeId,
  type AssociationRemovalReason,
  type LabelCategory,
  type RecordKey,
} from '@app/domain';
import type { Namespace, ReadModelStore } from '../../read-model.port';
import {
  labelSidesKey,
  labelTextsKey,
  pairHistoryKey,
  type PairHistoryRecord,
  type StoredLabelSide,
  type StoredLabelTexts,
} from './association-history.projection';

/** The read side of the association history projection: pages of one pair's changes, oldest first. */
export const ASSOCIATION_HISTORY_DEFAULT_LIMIT = 50;
export const ASSOCIATION_HISTORY_MAX_LIMIT = 100;

export const ASSOCIATION_HISTORY_ENTRY_TYPES = [
  'CREATED',
  'LABELS_ADDED',
  'LABELS_REMOVED',
  'LABELS_SET',
  'PRIMARY_MOVED_TO',
  'PRIMARY_MOVED_AWAY',
  'REMOVED',
  'REMOVED_RECORD_ARCHIVED',
] as const;
export type AssociationHistoryEntryType = (typeof ASSOCIATION_HISTORY_ENTRY_TYPES)[number];

/** A typeId the pair carried, named as the last known definition names it (record → counterpart direction). */
export interface AssociationHistoryLabel {
  typeId: number;
  /** Null when the type is unknown to the account (never expected; kept rather than hidden). */
  category: LabelCategory | null;
  /** Null for the pair's unlabeled type. */
  label: string | null;
}

/** One change to the pair: everything one command changed on the record's side of it. */
export interface AssociationHistoryEntry {
  /** Global position of the change's last event (decimal string); the paging cursor. */
  position: string;
  recordedAt: string;
  type: AssociationHistoryEntryType;
  /** Removals only: API, UNLABELED_REMOVED (the unlabeled type was removed) or RECORD_ARCHIVED. */
  reason?: AssociationRemovalReason;
  before: AssociationHistoryLabel[];
  after: AssociationHistoryLabel[];
  added: number[];
  removed: number[];
  actor: { userId: string };
  /** How: the API route (`PUT /crm/v4/…`) or the process manager (`process-manager:archive-cascade`). */
  route: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
}

export interface AssociationHistoryFilter {
  types?: readonly AssociationHistoryEntryType[];
  actor?: string;
  /** ISO times: `from` inclusive, `to` exclusive, compared with `recordedAt`. */
  from?: string;
  to?: string;
}

export interface AssociationHistoryPageRequest extends AssociationHistoryFilter {
  /** The last position of the previous page (decimal string); absent for the first page. */
  after?: string;
  limit?: number;
}

export interface AssociationHistoryPage {
  results: AssociationHistoryEntry[];
  /** Only when there is more: pass `next.after` to get the next page (HubSpot's paging shape). */
  paging?: { next: { after: string } };
}

const ascending = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);
const isPrimary = (typeId: number): boolean => PRIMARY_TYPE_IDS.has(typeId) || INVERSE_PRIMARY_TYPE_IDS.has(typeId);

/** Reads a pair side's records from the start, a chunk at a time; the caller stops when its page is full. */
async function* pairRecords(store: ReadModelStore, ns: Namespace, key: string, chunk: number) {
  let last: bigint | undefined;
  for (;;) {
    const members = await store.zrange(ns, key, { ...(last !== undefined ? { min: Number(last) } : {}), limit: chunk });
    // Scores are positions as doubles; the exact comparison settles what a double cannot tell apart.
    const fresh = members
      .map((m) => JSON.parse(m.member) as PairHistoryRecord)
      .filter((r) => last === undefined || BigInt(r.position) > last);
    yield* fresh;
    if (members.length < chunk || fresh.length === 0) return;
    last = BigInt(fresh[fresh.length - 1]!.position);
  }
}

type Change = Omit<AssociationHistoryEntry, 'before' | 'after'> & { before: number[]; after: number[] };

function entryType(records: readonly PairHistoryRecord[], before: number[], after: number[]) {
  const removal = records.findLast((r) => r.change === 'removed');
  const added = after.filter((t) => !before.includes(t));
  const removed = before.filter((t) => !after.includes(t));
  let type: AssociationHistoryEntryType;
  if (after.length === 0 && removal) {
    type = removal.reason === 'RECORD_ARCHIVED' ? 'REMOVED_RECORD_ARCHIVED' : 'REMOVED';
  } else if (before.length === 0) type = 'CREATED';
  else if (removed.length === 0 && added.length === 1 && isPrimary(added[0]!)) type = 'PRIMARY_MOVED_TO';
  else if (added.length === 0 && removed.length === 1 && isPrimary(removed[0]!)) type = 'PRIMARY_MOVED_AWAY';
  else if (added.length > 0 && removed.length === 0) type = 'LABELS_ADDED';
  else if (added.length === 0 && removed.length > 0) type = 'LABELS_REMOVED';
  else type = 'LABELS_SET';
  return {
    type,
    added,
    removed,
    ...(removal?.reason !== undefined && after.length === 0 && { reason: removal.reason }),
  };
}

function change(records: readonly PairHistoryRecord[], before: number[], after: number[]): Change {
  const last = records[records.length - 1]!;
  return {
    position: last.position,
    recordedAt: last.recordedAt,
    ...entryType(records, before, after),
    before,
    after,
    actor: { userId: last.actor },
    route: last.route,
    commandId: last.commandId,
    correlationId: last.correlationId,
    causationId: last.causationId,
  };
}

function matches(entry: Change, filter: AssociationHistoryFilter): boolean {
  if (filter.types && filter.types.length > 0 && !filter.types.includes(entry.type)) return false;
  if (filter.actor !== undefined && entry.actor.userId !== filter.actor) return false;
  const at = Date.parse(entry.recordedAt);
  if (filter.from !== undefined && at < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && at >= Date.parse(filter.to)) return false;
  return true;
}

/**
 * Folds the side's records into changes — consecutive records of one command are one change — and collects those
 * after the cursor that pass the filter, up to one more than the page. The first page of an unfiltered history is
 * one bounded read; a later page folds the records before its cursor again (the events carry no before-lists).
 */
async function changes(
  store: ReadModelStore,
  ns: Namespace,
  key: string,
  request: AssociationHistoryPageRequest,
  limit: number,
): Promise<Change[]> {
  const cursor = request.after === undefined ? undefined : BigInt(request.after);
  const found: Change[] = [];
  let state = new Set<number>();
  let group: { records: PairHistoryRecord[]; before: number[] } | undefined;
  const close = (): boolean => {
    if (!group) return false;
    const entry = change(group.records, group.before, ascending(state));
    if ((cursor === undefined || BigInt(entry.position) > cursor) && matches(entry, request)) found.push(entry);
    return found.length > limit;
  };
  // A change has at most a few records per side (unlabeled + labeled): this chunk usually holds a whole page.
  const chunk = cursor === undefined ? 2 * limit + 3 : 500;
  for await (const record of pairRecords(store, ns, key, chunk)) {
    if (group?.records[0]!.commandId !== record.commandId) {
      if (close()) return found;
      group = { records: [], before: ascending(state) };
    }
    group.records.push(record);
    if (record.change === 'removed') state = new Set();
    else if (record.change === 'labeled') for (const t of record.typeIds) state.add(t);
    else for (const t of record.typeIds) state.delete(t);
  }
  close();
  return found;
}

/** Names typeIds: HubSpot's fixed ones and the pair's unlabeled type from the table, custom labels from the model. */
async function labelNames(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  from: RecordKey,
  to: RecordKey,
  typeIds: ReadonlySet<number>,
): Promise<Map<number, AssociationHistoryLabel>> {
  const unlabeled = unlabeledTypeId(from.objectTypeId, to.objectTypeId);
  const named = await Promise.all(
    [...typeIds].map(async (typeId): Promise<AssociationHistoryLabel> => {
      const hubspot = HUBSPOT_DEFINED_TYPES.find((t) => t.typeId === typeId);
      if (hubspot) return { typeId, category: hubspot.category, label: hubspot.label };
      if (typeId === unlabeled) return { typeId, category: 'HUBSPOT_DEFINED', label: null };
      const side = await store.hget(ns, labelSidesKey(accountId), String(typeId));
      if (side === undefined) return { typeId, category: null, label: null };
      const { labelId, side: which, category } = JSON.parse(side) as StoredLabelSide;
      const texts = await store.hget(ns, labelTextsKey(accountId), labelId);
      const { label, inverseLabel } = JSON.parse(texts ?? '{"label":null,"inverseLabel":null}') as StoredLabelTexts;
      return { typeId, category, label: which === 'inverse' ? (inverseLabel ?? label) : label };
    }),
  );
  return new Map(named.map((n) => [n.typeId, n]));
}

/** A page of the changes to the pair `from`–`to`, from `from`'s side (its typeIds, towards `to`), oldest first. */
export async function readAssociationHistory(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  from: RecordKey,
  to: RecordKey,
  request: AssociationHistoryPageRequest = {},
): Promise<AssociationHistoryPage> {
  const limit = request.limit ?? ASSOCIATION_HISTORY_DEFAULT_LIMIT;
  const key = pairHistoryKey(accountId, from.objectTypeId, from.recordId, to.objectTypeId, to.recordId);
  const found = await changes(store, ns, key, request, limit);
  const page = found.slice(0, limit);
  const typeIds = new Set(page.flatMap((c) => [...c.before, ...c.after]));
  const names = await labelNames(store, ns, accountId, from, to, typeIds);
  const results = page.map((c) => ({
    ...c,
    before: c.before.map((t) => names.get(t)!),
    after: c.after.map((t) => names.get(t)!),
  }));
  const result: AssociationHistoryPage = { results };
  if (found.length > limit) result.paging = { next: { after: page[page.length - 1]!.position } };
  return result;
}
