import type { Namespace, ReadModelStore } from '../../read-model.port';
import { PROPERTY_FIELD_PREFIX, recordIdsKey, recordKey, uniqueValuesKey } from './records.projection';

/** The read side of the records projection: one record, a page of an object type's records, an id by value. */
export const RECORDS_DEFAULT_LIMIT = 10;
export const RECORDS_MAX_LIMIT = 100;

export interface RecordView {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface RecordsPage {
  results: RecordView[];
  /** Only when there is more: `next.after` is the id the next page starts at (HubSpot's paging shape). */
  paging?: { next: { after: string } };
}

export interface RecordsPageRequest {
  /** The id to start at (inclusive), from the previous page's `paging.next.after`. */
  after?: number;
  limit?: number;
  archived?: boolean;
}

function toView(id: string, hash: Record<string, string>): RecordView | undefined {
  if (hash.createdAt === undefined) return undefined;
  const properties: Record<string, string> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith(PROPERTY_FIELD_PREFIX)) properties[field.slice(PROPERTY_FIELD_PREFIX.length)] = value;
  }
  const view: RecordView = {
    id,
    properties,
    createdAt: hash.createdAt,
    updatedAt: hash.updatedAt ?? hash.createdAt,
    archived: hash.archived === 'true',
  };
  if (hash.archivedAt !== undefined) view.archivedAt = hash.archivedAt;
  return view;
}

/** A record, archived or not; undefined when it was never created. */
export async function readRecord(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  recordId: string,
): Promise<RecordView | undefined> {
  return toView(recordId, await store.hgetall(ns, recordKey(accountId, objectTypeId, recordId)));
}

/** Whether the record was ever created: live, archived or erased (an erased record keeps only its `erasedAt`). */
export async function recordExisted(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  recordId: string,
): Promise<boolean> {
  const hash = await store.hgetall(ns, recordKey(accountId, objectTypeId, recordId));
  return hash.createdAt !== undefined || hash.erasedAt !== undefined;
}

/** Live (or, with `archived`, archived) records in id order. */
export async function readRecordsPage(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  { after, limit = RECORDS_DEFAULT_LIMIT, archived = false }: RecordsPageRequest = {},
): Promise<RecordsPage> {
  const members = await store.zrange(ns, recordIdsKey(accountId, objectTypeId, archived), {
    ...(after !== undefined ? { min: after } : {}),
    limit: limit + 1,
  });
  const ids = members.map((m) => m.member);
  const views = await Promise.all(ids.slice(0, limit).map((id) => readRecord(store, ns, accountId, objectTypeId, id)));
  const page: RecordsPage = { results: views.filter((v): v is RecordView => v !== undefined) };
  if (ids.length > limit) page.paging = { next: { after: ids[limit]! } };
  return page;
}

/** The id of the record that holds a unique property's value, by the value's keyed hash (`valueKey`), if any. */
export function recordIdByUniqueValue(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  property: string,
  valueKey: string,
): Promise<string | undefined> {
  return store.hget(ns, uniqueValuesKey(accountId, objectTypeId, property), valueKey);
}
