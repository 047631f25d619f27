import { assertNever, type LabelEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projection';
import type { ReadModelOp } from '../../read-model.port';

/**
 * Per account and label, the label's timeline (DESIGN.md §2 "History", §8): every definition change with its actor,
 * time and before/after values. Two kinds of keys, both per account:
 * - `history:<account>:<labelId>`: a sorted set of entries (JSON members, see `LabelHistoryEntry`) scored by global
 *   position, so a page is one range read from a position on;
 * - `typeIds:<account>`: a hash typeId → labelId, written on creation and never removed, so that a deleted label's
 *   history can still be found by either of its typeIds (user-defined typeIds are never reused).
 */
export const LABEL_HISTORY_EVENT_TYPES = [
  'LabelCreated',
  'LabelRenamed',
  'LabelLimitChanged',
  'LabelRetiring',
  'LabelRetirementCancelled',
  'LabelDeleted',
] as const;

export type LabelHistoryEventType = (typeof LABEL_HISTORY_EVENT_TYPES)[number];

/** One change of a label definition, as the history route shows it. */
export interface LabelHistoryEntry {
  /** Global position of the event (decimal string: exact, whatever its size). */
  position: string;
  occurredAt: string;
  actor: { userId: string };
  type: LabelHistoryEventType;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  commandId: string;
  correlationId: string;
}

export function labelHistoryKey(accountId: string, labelId: string): string {
  return `history:${accountId}:${labelId}`;
}

export function labelTypeIdsKey(accountId: string): string {
  return `typeIds:${accountId}`;
}

type Change = Pick<LabelHistoryEntry, 'before' | 'after'> & { at?: string };

/** Before/after of each event; `at` is the domain time it carries (preferred to the time the store recorded it). */
function changeOf(event: LabelEvent): Change {
  switch (event.type) {
    case 'LabelCreated': {
      const { label, inverseLabel, name, inverseName, typeId, inverseTypeId, category, shape } = event.data;
      const { fromObjectTypeId, toObjectTypeId, createdAt } = event.data;
      const definition = { label, inverseLabel, name, inverseName, typeId, inverseTypeId, category, shape };
      return { before: null, after: { ...definition, fromObjectTypeId, toObjectTypeId }, at: createdAt };
    }
    case 'LabelRenamed':
      return { before: { ...event.data.before }, after: { ...event.data.after }, at: event.data.changedAt };
    case 'LabelLimitChanged': {
      const { typeId, before, after, changedAt } = event.data;
      return { before: { typeId, limit: before }, after: { typeId, limit: after }, at: changedAt };
    }
    case 'LabelRetiring':
      return { before: { status: 'Active' }, after: { status: 'Retiring' }, at: event.data.changedAt };
    case 'LabelRetirementCancelled': {
      const { reason, usage, detail, changedAt } = event.data;
      const after = { status: 'Active', reason, usage, ...(detail !== undefined ? { detail } : {}) };
      return { before: { status: 'Retiring' }, after, at: changedAt };
    }
    case 'LabelDeleted':
      return { before: { status: 'Retiring' }, after: { status: 'Deleted' }, at: event.data.changedAt };
    default:
      return assertNever(event, 'label event');
  }
}

export function labelHistoryEntry(event: RecordedEvent): LabelHistoryEntry {
  const labelEvent = event as unknown as LabelEvent;
  const { before, after, at } = changeOf(labelEvent);
  return {
    position: event.position.toString(),
    occurredAt: at ?? event.recordedAt,
    actor: { userId: event.metadata.actor },
    type: labelEvent.type,
    before,
    after,
    commandId: event.metadata.commandId,
    correlationId: event.metadata.correlationId,
  };
}

export const labelHistoryProjection: Projection = {
  name: 'label-history',
  eventTypes: LABEL_HISTORY_EVENT_TYPES,
  evolve(event: RecordedEvent): ReadModelOp[] {
    const { accountId } = event.metadata;
    const entry = labelHistoryEntry(event);
    const labelId = String((event.data as { labelId: string }).labelId);
    // The member carries the position, so it is unique per event; positions fit a double exactly below 2^53.
    const ops: ReadModelOp[] = [
      {
        op: 'zadd',
        key: labelHistoryKey(accountId, labelId),
        member: JSON.stringify(entry),
        score: Number(event.position),
      },
    ];
    if (entry.type === 'LabelCreated') {
      const { typeId, inverseTypeId } = event.data as { typeId: number; inverseTypeId: number };
      for (const id of new Set([typeId, inverseTypeId])) {
        ops.push({ op: 'hset', key: labelTypeIdsKey(accountId), field: String(id), value: labelId });
      }
    }
    return ops;
  },
};
