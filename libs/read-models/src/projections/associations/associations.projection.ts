import { assertNever, type LinksEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Each record's associations per counterpart object type, from its links stream (ADR 0006 §1), for the v4
 * `GET …/associations/{toObjectType}` page:
 * - `assoc:<account>:<type>:<id>:<toType>`: a sorted set of the associated ids, scored by the numeric id, so a page
 *   is one range read from an id on. An id joins with the pair's first `AssociationLabeled` and leaves with
 *   `AssociationRemoved` (`AssociationUnlabeled` never removes a pair: its unlabeled type stays);
 * - `pair:<account>:<type>:<id>:<toType>:<toId>`: a hash with one field per typeId the record carries towards that
 *   counterpart (value `1`). One field per typeId because events carry only the typeIds they add or remove and a
 *   projection never reads what it wrote; `AssociationRemoved` names every typeId the pair had, so it empties it.
 */
export const ASSOCIATION_EVENT_TYPES = ['AssociationLabeled', 'AssociationUnlabeled', 'AssociationRemoved'] as const;

export function associatedIdsKey(accountId: string, objectTypeId: string, recordId: string, toType: string): string {
  return `assoc:${accountId}:${objectTypeId}:${recordId}:${toType}`;
}

export function associationPairKey(
  accountId: string,
  objectTypeId: string,
  recordId: string,
  toType: string,
  toId: string,
): string {
  return `pair:${accountId}:${objectTypeId}:${recordId}:${toType}:${toId}`;
}

function evolve(accountId: string, event: LinksEvent): ReadModelOp[] {
  const { objectTypeId, recordId, toObjectTypeId, toRecordId, typeIds } = event.data;
  const ids = associatedIdsKey(accountId, objectTypeId, recordId, toObjectTypeId);
  const pair = associationPairKey(accountId, objectTypeId, recordId, toObjectTypeId, toRecordId);
  switch (event.type) {
    case 'AssociationLabeled':
      return [
        { op: 'zadd', key: ids, member: toRecordId, score: Number(toRecordId) },
        ...typeIds.map((t): ReadModelOp => ({ op: 'hset', key: pair, field: `${t}`, value: '1' })),
      ];
    case 'AssociationUnlabeled':
      return typeIds.map((t): ReadModelOp => ({ op: 'hdel', key: pair, field: `${t}` }));
    case 'AssociationRemoved':
      return [
        { op: 'zrem', key: ids, member: toRecordId },
        ...typeIds.map((t): ReadModelOp => ({ op: 'hdel', key: pair, field: `${t}` })),
      ];
    default:
      return assertNever(event, 'links event');
  }
}

export const associationsProjection: Projection = {
  name: 'associations',
  eventTypes: ASSOCIATION_EVENT_TYPES,
  evolve(event: RecordedEvent): ReadModelOp[] {
    return evolve(event.metadata.accountId, event as unknown as LinksEvent);
  },
};
