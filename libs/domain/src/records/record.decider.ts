import { assertNever, type Command, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';

/** A record and its properties (DESIGN.md §6); its associations live in its `links-…` stream. */
export function recordStream(accountId: string, objectTypeId: string, recordId: string): string {
  return `record-${accountId}.${objectTypeId}.${recordId}`;
}

export type RecordProperties = Readonly<Record<string, string>>;
interface RecordRef {
  objectTypeId: string;
  recordId: string;
}

export type CreateRecord = Command<'CreateRecord', RecordRef & { properties: RecordProperties }>;
/** Only the properties given; `null` clears one. */
export type UpdateRecord = Command<'UpdateRecord', RecordRef & { properties: Readonly<Record<string, string | null>> }>;
export type ArchiveRecord = Command<'ArchiveRecord', RecordRef>;
/**
 * GDPR erasure (ADR 0007): the record is archived (so its associations are removed) and marked erased for good; the
 * store destroys the record's data key, so the properties its events carry can no longer be read. `reason` is a
 * reference such as a ticket id, never personal data.
 */
export type EraseRecord = Command<'EraseRecord', RecordRef & { reason: string }>;
export type RecordCommand = CreateRecord | UpdateRecord | ArchiveRecord | EraseRecord;

export interface PropertyChange {
  before: string | null;
  after: string | null;
}
/** `erased`: read after the record's erasure, its properties gone (personal-data.ts). */
export type RecordCreated = DomainEvent<
  'RecordCreated',
  RecordRef & { properties: RecordProperties; createdBy: string; createdAt: string; erased?: true }
>;
export type RecordUpdated = DomainEvent<
  'RecordUpdated',
  RecordRef & {
    changes: Readonly<Record<string, PropertyChange>>;
    changedBy: string;
    changedAt: string;
    erased?: true;
  }
>;
export type RecordArchived = DomainEvent<'RecordArchived', RecordRef & { archivedBy: string; archivedAt: string }>;
/** Carries no personal data: the record's id, who erased it, when and why. */
export type RecordErased = DomainEvent<
  'RecordErased',
  RecordRef & { erasedBy: string; erasedAt: string; reason: string }
>;
export type RecordEvent = RecordCreated | RecordUpdated | RecordArchived | RecordErased;

interface RecordFacts {
  properties: RecordProperties;
  createdAt: string;
  updatedAt: string;
}
export type RecordState =
  | { status: 'NotCreated' }
  | ({ status: 'Active' } & RecordFacts)
  | ({ status: 'Archived'; archivedAt: string } & RecordFacts)
  /** Erased records keep no properties; they are gone for every read and refuse every change. */
  | { status: 'Erased'; erasedAt: string };

const nameOf = ({ objectTypeId, recordId }: RecordRef): string => `${objectTypeId}:${recordId}`;

function sameProperties(a: RecordProperties, b: RecordProperties): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The changed properties only; a value equal to the current one (or clearing an absent one) is no change. */
function changesOf(
  current: RecordProperties,
  given: Readonly<Record<string, string | null>>,
): Record<string, PropertyChange> {
  const changes: Record<string, PropertyChange> = {};
  for (const [name, after] of Object.entries(given)) {
    const before = Object.hasOwn(current, name) ? current[name]! : null;
    if (before !== after) changes[name] = { before, after };
  }
  return changes;
}

function activeRecord(state: RecordState, ref: RecordRef, verb: string): Extract<RecordState, { status: 'Active' }> {
  switch (state.status) {
    case 'NotCreated':
      throw new DomainError('RECORD_NOT_FOUND', `Cannot ${verb} record ${nameOf(ref)}: it does not exist`, { ...ref });
    case 'Archived':
      throw new DomainError('RECORD_ARCHIVED', `Cannot ${verb} record ${nameOf(ref)}: it is archived`, { ...ref });
    case 'Erased':
      throw new DomainError('RECORD_ERASED', `Cannot ${verb} record ${nameOf(ref)}: it was erased`, { ...ref });
    case 'Active':
      return state;
    default:
      return assertNever(state, 'record state');
  }
}

export const recordDecider: Decider<RecordCommand, RecordEvent, RecordState> = {
  initialState: () => ({ status: 'NotCreated' }),

  decide(command, state) {
    const { objectTypeId, recordId } = command.data;
    const ref = { objectTypeId, recordId };
    const { actor, now } = command.metadata;
    switch (command.type) {
      case 'CreateRecord': {
        if (state.status === 'NotCreated') {
          const properties = { ...command.data.properties };
          return [{ type: 'RecordCreated', data: { ...ref, properties, createdBy: actor, createdAt: now } }];
        }
        // A retried creation (same id, same properties) appends nothing.
        if (state.status === 'Active' && sameProperties(state.properties, command.data.properties)) return [];
        throw new DomainError('RECORD_EXISTS', `Record ${nameOf(ref)} already exists`, { ...ref });
      }
      case 'UpdateRecord': {
        const record = activeRecord(state, ref, 'update');
        const changes = changesOf(record.properties, command.data.properties);
        if (Object.keys(changes).length === 0) return [];
        return [{ type: 'RecordUpdated', data: { ...ref, changes, changedBy: actor, changedAt: now } }];
      }
      case 'ArchiveRecord':
        if (state.status === 'Archived' || state.status === 'Erased') return [];
        activeRecord(state, ref, 'archive');
        return [{ type: 'RecordArchived', data: { ...ref, archivedBy: actor, archivedAt: now } }];
      case 'EraseRecord': {
        if (state.status === 'NotCreated') {
          throw new DomainError('RECORD_NOT_FOUND', `Cannot erase record ${nameOf(ref)}: it does not exist`, {
            ...ref,
          });
        }
        if (state.status === 'Erased') return [];
        const erased: RecordErased = {
          type: 'RecordErased',
          data: { ...ref, erasedBy: actor, erasedAt: now, reason: command.data.reason },
        };
        if (state.status === 'Archived') return [erased];
        return [{ type: 'RecordArchived', data: { ...ref, archivedBy: actor, archivedAt: now } }, erased];
      }
      default:
        return assertNever(command, 'record command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RecordCreated': {
        const { properties, createdAt } = event.data;
        return { status: 'Active', properties, createdAt, updatedAt: createdAt };
      }
      case 'RecordUpdated': {
        if (state.status !== 'Active') return state;
        const properties: Record<string, string> = { ...state.properties };
        for (const [name, { after }] of Object.entries(event.data.changes)) {
          if (after === null) delete properties[name];
          else properties[name] = after;
        }
        return { ...state, properties, updatedAt: event.data.changedAt };
      }
      case 'RecordArchived':
        return state.status === 'Active' ? { ...state, status: 'Archived', archivedAt: event.data.archivedAt } : state;
      case 'RecordErased':
        return state.status === 'NotCreated' ? state : { status: 'Erased', erasedAt: event.data.erasedAt };
      default:
        return assertNever(event, 'record event');
    }
  },
};
