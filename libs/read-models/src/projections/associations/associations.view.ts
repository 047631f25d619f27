import type { Namespace, ReadModelStore } from '../../read-model.port';
import { associatedIdsKey, associationPairKey } from './associations.projection';

export const ASSOCIATIONS_DEFAULT_LIMIT = 500;
export const ASSOCIATIONS_MAX_LIMIT = 500;

export interface AssociatedRecordView {
  toObjectId: string;
  /** The typeIds the record carries towards it (its direction), ascending. */
  typeIds: number[];
}

export interface AssociationsPage {
  results: AssociatedRecordView[];
  paging?: { next: { after: string } };
}

/** A page of a record's associated records of one type, in id order; `after` is the first id of the page. */
export async function readAssociationsPage(
  store: ReadModelStore,
  ns: Namespace,
  accountId: string,
  objectTypeId: string,
  recordId: string,
  toObjectTypeId: string,
  { after, limit = ASSOCIATIONS_DEFAULT_LIMIT }: { after?: number; limit?: number } = {},
): Promise<AssociationsPage> {
  const members = await store.zrange(ns, associatedIdsKey(accountId, objectTypeId, recordId, toObjectTypeId), {
    ...(after !== undefined ? { min: after } : {}),
    limit: limit + 1,
  });
  const ids = members.map((m) => m.member);
  const results = await Promise.all(
    ids.slice(0, limit).map(async (toObjectId): Promise<AssociatedRecordView> => {
      const hash = await store.hgetall(
        ns,
        associationPairKey(accountId, objectTypeId, recordId, toObjectTypeId, toObjectId),
      );
      return {
        toObjectId,
        typeIds: Object.keys(hash)
          .map(Number)
          .sort((a, b) => a - b),
      };
    }),
  );
  const page: AssociationsPage = { results };
  if (ids.length > limit) page.paging = { next: { after: ids[limit]! } };
  return page;
}
