import { assertNever, type RecordEvent, type UniqueValueEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Records per account and object type (DESIGN.md §8), for the HubSpot objects API's reads:
 * - `record:<account>:<type>:<id>`: a hash with `createdAt`, `updatedAt`, `archived` (`true`/`false`), `archivedAt`
 *   and one field `p:<name>` per property. A field per property (not one JSON value) because an update event
 *   carries only the changed properties and a projection never reads what it wrote;
 * - `ids:<account>:<type>` and `archived-ids:<account>:<type>`: sorted sets of live and archived ids, scored by the
 *   numeric id, so a page is one range read from an id on;
 * - `unique:<account>:<type>:<property>`: a hash from a unique value's keyed hash (`valueKey`, never the value) to the
 *   id of the record that claims it (email, domain), for reads by `idProperty`.
 * `RecordErased` empties the record's hash but for `erasedAt` and removes its ids: an erased record is in no read.
 */
export const RECORD_EVENT_TYPES = [
  'RecordCreated',
  'RecordUpdated',
  'RecordArchived',
  'RecordErased',
  'UniqueValueClaimed',
  'UniqueValueReleased',
] as const;

export const PROPERTY_FIELD_PREFIX = 'p:';

export function recordKey(accountId: string, objectTypeId: string, recordId: string): string {
  return `record:${accountId}:${objectTypeId}:${recordId}`;
}

export function recordIdsKey(accountId: string, objectTypeId: string, archived = false): string {
  return `${archived ? 'archived-ids' : 'ids'}:${accountId}:${objectTypeId}`;
}

export function uniqueValuesKey(accountId: string, objectTypeId: string, property: string): string {
  return `unique:${accountId}:${objectTypeId}:${property}`;
}

function evolve(accountId: string, event: RecordEvent | UniqueValueEvent): ReadModelOp[] {
  switch (event.type) {
    case 'RecordCreated': {
      const { objectTypeId, recordId, properties, createdAt } = event.data;
      const key = recordKey(accountId, objectTypeId, recordId);
      return [
        { op: 'hset', key, field: 'createdAt', value: createdAt },
        { op: 'hset', key, field: 'updatedAt', value: createdAt },
        { op: 'hset', key, field: 'archived', value: 'false' },
        ...Object.entries(properties).map(([name, value]): ReadModelOp => ({
          op: 'hset',
          key,
          field: PROPERTY_FIELD_PREFIX + name,
          value,
        })),
        { op: 'zadd', key: recordIdsKey(accountId, objectTypeId), member: recordId, score: Number(recordId) },
      ];
    }
    case 'RecordUpdated': {
      const { objectTypeId, recordId, changes, changedAt } = event.data;
      const key = recordKey(accountId, objectTypeId, recordId);
      return [
        { op: 'hset', key, field: 'updatedAt', value: changedAt },
        ...Object.entries(changes).map(([name, { after }]): ReadModelOp => {
          const field = PROPERTY_FIELD_PREFIX + name;
          return after === null ? { op: 'hdel', key, field } : { op: 'hset', key, field, value: after };
        }),
      ];
    }
    case 'RecordArchived': {
      const { objectTypeId, recordId, archivedAt } = event.data;
      const key = recordKey(accountId, objectTypeId, recordId);
      return [
        { op: 'hset', key, field: 'archived', value: 'true' },
        { op: 'hset', key, field: 'archivedAt', value: archivedAt },
        { op: 'hset', key, field: 'updatedAt', value: archivedAt },
        { op: 'zrem', key: recordIdsKey(accountId, objectTypeId), member: recordId },
        { op: 'zadd', key: recordIdsKey(accountId, objectTypeId, true), member: recordId, score: Number(recordId) },
      ];
    }
    case 'RecordErased': {
      // The record leaves every read: its hash (properties included) and both id sets. What stays is the fact that
      // it existed and was erased (`erasedAt` alone), so history routes still know its id.
      const { objectTypeId, recordId, erasedAt } = event.data;
      const key = recordKey(accountId, objectTypeId, recordId);
      return [
        { op: 'del', key },
        { op: 'hset', key, field: 'erasedAt', value: erasedAt },
        { op: 'zrem', key: recordIdsKey(accountId, objectTypeId), member: recordId },
        { op: 'zrem', key: recordIdsKey(accountId, objectTypeId, true), member: recordId },
      ];
    }
    case 'UniqueValueClaimed': {
      const { objectTypeId, property, valueKey, recordId } = event.data;
      return [
        { op: 'hset', key: uniqueValuesKey(accountId, objectTypeId, property), field: valueKey, value: recordId },
      ];
    }
    case 'UniqueValueReleased': {
      const { objectTypeId, property, valueKey } = event.data;
      return [{ op: 'hdel', key: uniqueValuesKey(accountId, objectTypeId, property), field: valueKey }];
    }
    default:
      return assertNever(event, 'record event');
  }
}

export const recordsProjection: Projection = {
  name: 'records',
  eventTypes: RECORD_EVENT_TYPES,
  evolve(event: RecordedEvent): ReadModelOp[] {
    return evolve(event.metadata.accountId, event as unknown as RecordEvent | UniqueValueEvent);
  },
};
