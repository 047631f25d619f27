import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Per account, everything that says which association types exist (DESIGN.md §8 "the label catalogue per object
 * pair with limits"): labels with their texts, state and limits, the pairs' overall limits, activated and custom
 * object types. One hash per account, so one read answers any pair and the whole account. The fields:
 * - `provisioned`: when the account was provisioned;
 * - `label:<labelId>`: the label's immutable part (JSON); `texts:<labelId>`: its texts; `status:<labelId>`: `Retiring`
 *   while a deletion runs (absent when active); `limit:<typeId>`: a label direction's custom limit;
 * - `pairLimit:<typeId>`: an unlabeled type's custom limit, with its pair (JSON);
 * - `activated:<objectTypeId>`: when it was activated; `object:<objectTypeId>`: a custom object's schema (JSON),
 *   `objectChanges:<objectTypeId>`: its mutable part after the last update (JSON).
 */
export const LABEL_CATALOGUE_EVENT_TYPES = [
  'AccountProvisioned',
  'LabelCreated',
  'LabelRenamed',
  'LabelLimitChanged',
  'LabelRetiring',
  'LabelRetirementCancelled',
  'LabelDeleted',
  'PairLimitChanged',
  'ObjectTypeActivated',
  'CustomObjectDefined',
  'CustomObjectUpdated',
  'CustomObjectDeleted',
] as const;

export function labelCatalogueKey(accountId: string): string {
  return `catalogue:${accountId}`;
}

type Data = Record<string, unknown>;
const json = (value: unknown): string => JSON.stringify(value);

function labelOps(key: string, type: string, data: Data): ReadModelOp[] {
  const labelId = String(data.labelId);
  switch (type) {
    case 'LabelCreated': {
      const { label, inverseLabel, warnings: _warnings, ...definition } = data;
      return [
        { op: 'hset', key, field: `label:${labelId}`, value: json(definition) },
        { op: 'hset', key, field: `texts:${labelId}`, value: json({ label, inverseLabel }) },
      ];
    }
    case 'LabelRenamed':
      return [{ op: 'hset', key, field: `texts:${labelId}`, value: json(data.after) }];
    case 'LabelLimitChanged': {
      const field = `limit:${String(data.typeId)}`;
      return data.after === 'many'
        ? [{ op: 'hdel', key, field }]
        : [{ op: 'hset', key, field, value: String(data.after) }];
    }
    case 'LabelRetiring':
      return [{ op: 'hset', key, field: `status:${labelId}`, value: 'Retiring' }];
    case 'LabelRetirementCancelled':
      return [{ op: 'hdel', key, field: `status:${labelId}` }];
    case 'LabelDeleted':
      return [
        ...['label', 'texts', 'status'].map((prefix): ReadModelOp => ({
          op: 'hdel',
          key,
          field: `${prefix}:${labelId}`,
        })),
        ...(data.typeIds as number[]).map((typeId): ReadModelOp => ({ op: 'hdel', key, field: `limit:${typeId}` })),
      ];
    default:
      return [];
  }
}

function schemaOps(key: string, event: RecordedEvent<Data>): ReadModelOp[] {
  const { data } = event;
  switch (event.type) {
    case 'AccountProvisioned':
      return [{ op: 'hset', key, field: 'provisioned', value: event.recordedAt }];
    case 'PairLimitChanged': {
      const field = `pairLimit:${String(data.typeId)}`;
      const { fromObjectTypeId, toObjectTypeId, typeId, after: limit } = data;
      return limit === 'many'
        ? [{ op: 'hdel', key, field }]
        : [{ op: 'hset', key, field, value: json({ fromObjectTypeId, toObjectTypeId, typeId, limit }) }];
    }
    case 'ObjectTypeActivated':
      return [{ op: 'hset', key, field: `activated:${String(data.objectTypeId)}`, value: event.recordedAt }];
    case 'CustomObjectDefined':
      return [{ op: 'hset', key, field: `object:${String(data.objectTypeId)}`, value: json(data) }];
    case 'CustomObjectUpdated':
      return [
        {
          op: 'hset',
          key,
          field: `objectChanges:${String(data.objectTypeId)}`,
          value: json({ ...(data.after as Data), updatedAt: data.changedAt }),
        },
      ];
    case 'CustomObjectDeleted':
      return ['object', 'objectChanges'].map((prefix) => ({
        op: 'hdel',
        key,
        field: `${prefix}:${String(data.objectTypeId)}`,
      }));
    default:
      return labelOps(key, event.type, data);
  }
}

export const labelCatalogueProjection: Projection = {
  name: 'label-catalogue',
  eventTypes: LABEL_CATALOGUE_EVENT_TYPES,
  evolve(event: RecordedEvent): ReadModelOp[] {
    return schemaOps(labelCatalogueKey(event.metadata.accountId), event as RecordedEvent<Data>);
  },
};
