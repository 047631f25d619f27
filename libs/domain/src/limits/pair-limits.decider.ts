import { assertNever, type Command, type CommandMetadata, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import { MAX_ASSOCIATION_LIMIT, type AssociationLimit } from '../labels/label.rules';
import { unlabeledTypeId } from '../object-types/hubspot-defined-types';

/*
 * A pair's overall limit per direction: the limit of the unlabeled type of `from → to` (DESIGN.md §2). Its events
 * live in the account's schema stream (`accountSchemaStream`), next to the label registry and object types.
 * A same-object pair has one unlabeled typeId, its own inverse: one limit for both ways.
 */

export interface PairDirection {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  /** The unlabeled typeId of `from → to`. */
  typeId: number;
}
/** A label's current limit in the same direction, as the caller read it from the label's stream. */
export interface LabelLimitInDirection {
  typeId: number;
  name: string;
  limit: AssociationLimit;
}

/** `labelLimits`: every label of the direction; the caller checks their streams' revisions when appending. */
export type SetPairLimit = Command<
  'SetPairLimit',
  PairDirection & { limit: number; labelLimits: readonly LabelLimitInDirection[] }
>;
/** Back to "many", the default: always allowed, since "many" is at least any label's limit. */
export type PurgePairLimit = Command<'PurgePairLimit', PairDirection>;
export type PairLimitCommand = SetPairLimit | PurgePairLimit;

export type PairLimitChanged = DomainEvent<
  'PairLimitChanged',
  PairDirection & { before: AssociationLimit; after: AssociationLimit; changedBy: string; changedAt: string }
>;
export type PairLimitEvent = PairLimitChanged;

const EVENT_TYPES: ReadonlySet<string> = new Set<PairLimitEvent['type']>(['PairLimitChanged']);
/** The schema stream is shared with other registries: fold only the events this decider owns. */
export function isPairLimitEvent(event: DomainEvent): event is PairLimitEvent {
  return EVENT_TYPES.has(event.type);
}

export interface PairLimitsState {
  /** Only the configured directions, keyed by unlabeled typeId; absent means "many". */
  readonly limits: Readonly<Record<string, { fromObjectTypeId: string; toObjectTypeId: string; limit: number }>>;
}

/** The overall limit of the direction whose unlabeled type is `typeId`. */
export function pairLimitOf(state: PairLimitsState, typeId: number): AssociationLimit {
  return state.limits[typeId]?.limit ?? 'many';
}

function assertUnlabeledType({ fromObjectTypeId: from, toObjectTypeId: to, typeId }: PairDirection): void {
  const expected = unlabeledTypeId(from, to);
  if (typeId !== expected) {
    throw new DomainError(
      'TYPE_NOT_UNLABELED',
      `Association type ${typeId} is not the unlabeled type of ${from} → ${to} (that is ${expected})`,
      { typeId, fromObjectTypeId: from, toObjectTypeId: to, unlabeledTypeId: expected },
    );
  }
}

/** A pair limit may equal, but not go below, any label's limit in that direction (hubspot-v4-api.md §0.5). */
function assertValidPairLimit({ typeId, limit, labelLimits }: SetPairLimit['data']): void {
  const max = MAX_ASSOCIATION_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DomainError(
      'INVALID_ASSOCIATION_LIMIT',
      `Limit ${limit} for association type ${typeId} is invalid: it must be between 1 and ${max}`,
      { typeId, limit, min: 1, max },
    );
  }
  // The binding label is the one with the highest numeric limit; "many" sets no floor.
  const numeric = labelLimits.filter((l): l is LabelLimitInDirection & { limit: number } => l.limit !== 'many');
  const highest = numeric.reduce<(typeof numeric)[number] | undefined>(
    (top, l) => (top !== undefined && top.limit >= l.limit ? top : l),
    undefined,
  );
  if (highest !== undefined && limit < highest.limit) {
    const min = highest.limit;
    throw new DomainError(
      'PAIR_LIMIT_BELOW_LABEL_LIMIT',
      `Limit ${limit} for association type ${typeId} is below the limit ${min} of label "${highest.name}" ` +
        `(type ${highest.typeId}): it must be ≥ ${min} (between ${min} and ${max})`,
      { typeId, limit, min, max, labelTypeId: highest.typeId },
    );
  }
}

function change(
  { fromObjectTypeId, toObjectTypeId, typeId }: PairDirection,
  before: AssociationLimit,
  after: AssociationLimit,
  { actor: changedBy, now: changedAt }: CommandMetadata,
): PairLimitEvent[] {
  if (before === after) return [];
  return [
    {
      type: 'PairLimitChanged',
      data: { fromObjectTypeId, toObjectTypeId, typeId, before, after, changedBy, changedAt },
    },
  ];
}

export const pairLimitsDecider: Decider<PairLimitCommand, PairLimitEvent, PairLimitsState> = {
  initialState: () => ({ limits: {} }),

  decide(command, state) {
    assertUnlabeledType(command.data);
    const before = pairLimitOf(state, command.data.typeId);
    switch (command.type) {
      case 'SetPairLimit':
        assertValidPairLimit(command.data);
        return change(command.data, before, command.data.limit, command.metadata);
      case 'PurgePairLimit':
        return change(command.data, before, 'many', command.metadata);
      default:
        return assertNever(command, 'pair limit command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PairLimitChanged': {
        const { fromObjectTypeId, toObjectTypeId, typeId, after } = event.data;
        const { [typeId]: _previous, ...limits } = state.limits;
        return after === 'many'
          ? { limits }
          : { limits: { ...limits, [typeId]: { fromObjectTypeId, toObjectTypeId, limit: after } } };
      }
      default:
        // One event type so far: the union has a single member, so narrow its discriminant.
        return assertNever(event.type, 'pair limit event');
    }
  },
};
