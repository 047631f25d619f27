import {
  assertNever,
  type AssociationRemovalReason,
  type LabelCategory,
  type LabelCreated,
  type LabelRenamed,
  type LinksEvent,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Every change to an association pair, as seen from one of its records (issue 6 item 2). Keys, per account:
 * - `pairHistory:<account>:<type>:<id>:<toType>:<toId>`: a sorted set of the record's links events towards that
 *   counterpart (JSON members, see `PairHistoryRecord`) scored by global position. Each side of a pair has its own
 *   key, fed by its own links stream, so its typeIds are in its direction and a page is one range read of one key —
 *   however many associations the record has;
 * - `labelSides:<account>`: typeId → the custom label it belongs to and which side it is (written on creation and
 *   never removed), and `labelTexts:<account>`: labelId → its last texts (creation, renames), so a history keeps
 *   naming the labels of its entries after they are renamed or deleted.
 * The events carry only the typeIds they add or remove; the view folds a pair's records into before/after lists.
 */
export const ASSOCIATION_HISTORY_EVENT_TYPES = [
  'AssociationLabeled',
  'AssociationUnlabeled',
  'AssociationRemoved',
  'LabelCreated',
  'LabelRenamed',
] as const;

/** One links event of one pair side, as stored: what changed and who, how and on behalf of what made the change. */
export interface PairHistoryRecord {
  position: string;
  recordedAt: string;
  change: 'labeled' | 'unlabeled' | 'removed';
  typeIds: number[];
  /** `labeled` only: the pair did not exist before. */
  created?: boolean;
  /** `removed` only. */
  reason?: AssociationRemovalReason;
  actor: string;
  route: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
}

export interface StoredLabelSide {
  labelId: string;
  side: 'forward' | 'inverse';
  category: LabelCategory;
}

export interface StoredLabelTexts {
  label: string;
  inverseLabel: string | null;
}

export function pairHistoryKey(
  accountId: string,
  objectTypeId: string,
  recordId: string,
  toObjectTypeId: string,
  toRecordId: string,
): string {
  return `pairHistory:${accountId}:${objectTypeId}:${recordId}:${toObjectTypeId}:${toRecordId}`;
}

export function labelSidesKey(accountId: string): string {
  return `labelSides:${accountId}`;
}

export function labelTextsKey(accountId: string): string {
  return `labelTexts:${accountId}`;
}

function linksRecord(event: RecordedEvent, links: LinksEvent): PairHistoryRecord {
  const { metadata } = event;
  const base = {
    position: event.position.toString(),
    recordedAt: event.recordedAt,
    typeIds: [...links.data.typeIds],
    actor: metadata.actor,
    route: typeof metadata.route === 'string' ? metadata.route : null,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
  switch (links.type) {
    case 'AssociationLabeled':
      return { ...base, change: 'labeled', created: links.data.created };
    case 'AssociationUnlabeled':
      return { ...base, change: 'unlabeled' };
    case 'AssociationRemoved':
      return { ...base, change: 'removed', reason: links.data.reason };
    default:
      return assertNever(links, 'links event');
  }
}

type HistoryEvent = LinksEvent | LabelCreated | LabelRenamed;

function evolve(event: RecordedEvent): ReadModelOp[] {
  const { accountId } = event.metadata;
  const typed = event as unknown as HistoryEvent;
  switch (typed.type) {
    case 'AssociationLabeled':
    case 'AssociationUnlabeled':
    case 'AssociationRemoved': {
      const { objectTypeId, recordId, toObjectTypeId, toRecordId } = typed.data;
      const key = pairHistoryKey(accountId, objectTypeId, recordId, toObjectTypeId, toRecordId);
      // The member carries the position, so it is unique per event; positions fit a double exactly below 2^53.
      const member = JSON.stringify(linksRecord(event, typed));
      return [{ op: 'zadd', key, member, score: Number(event.position) }];
    }
    case 'LabelCreated': {
      const { labelId, category, typeId, inverseTypeId, label, inverseLabel } = typed.data;
      const side = (s: StoredLabelSide['side']) => JSON.stringify({ labelId, side: s, category });
      const ops: ReadModelOp[] = [
        { op: 'hset', key: labelTextsKey(accountId), field: labelId, value: JSON.stringify({ label, inverseLabel }) },
        { op: 'hset', key: labelSidesKey(accountId), field: String(typeId), value: side('forward') },
      ];
      // A same-object single label is its own inverse: one typeId, the forward side.
      if (inverseTypeId !== typeId) {
        ops.push({ op: 'hset', key: labelSidesKey(accountId), field: String(inverseTypeId), value: side('inverse') });
      }
      return ops;
    }
    case 'LabelRenamed': {
      const { labelId, after } = typed.data;
      const texts: StoredLabelTexts = { label: after.label, inverseLabel: after.inverseLabel };
      return [{ op: 'hset', key: labelTextsKey(accountId), field: labelId, value: JSON.stringify(texts) }];
    }
    default:
      return assertNever(typed, 'association history event');
  }
}

export const associationHistoryProjection: Projection = {
  name: 'association-history',
  eventTypes: ASSOCIATION_HISTORY_EVENT_TYPES,
  evolve,
};
