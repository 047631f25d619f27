import { assertNever, type Command, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import {
  assertValidLabelNames,
  USER_DEFINED_TYPE_ID_MAX,
  USER_DEFINED_TYPE_ID_MIN,
  MAX_LABELS_PER_PAIR,
  labelNamesOf,
  objectPairKey,
  type LabelNames,
  type LabelShape,
} from './label.rules';

/** The account-wide registry (DESIGN.md §6): label count per pair, internal-name uniqueness, typeIds. */
export function accountSchemaStream(accountId: string): string {
  return `schema-${accountId}`;
}

export type RegisterLabel = Command<
  'RegisterLabel',
  { labelId: string; fromObjectTypeId: string; toObjectTypeId: string } & LabelNames
>;
/** Frees the label's slot and names once its label stream recorded `LabelDeleted`. TypeIds are never reused. */
export type UnregisterLabel = Command<'UnregisterLabel', { labelId: string }>;
export type AccountSchemaCommand = RegisterLabel | UnregisterLabel;

export interface RegisteredLabelData {
  labelId: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  shape: LabelShape;
  name: string;
  /** Null for a single label: one internal name for both directions. */
  inverseName: string | null;
  typeId: number;
  /** Equal to `typeId` for a same-object single label, which is its own inverse. */
  inverseTypeId: number;
  registeredBy: string;
  registeredAt: string;
}
export type LabelRegistered = DomainEvent<'LabelRegistered', RegisteredLabelData>;
export type LabelUnregistered = DomainEvent<
  'LabelUnregistered',
  Omit<RegisteredLabelData, 'registeredBy' | 'registeredAt'> & { unregisteredBy: string; unregisteredAt: string }
>;
export type AccountSchemaEvent = LabelRegistered | LabelUnregistered;

const EVENT_TYPES: ReadonlySet<string> = new Set<AccountSchemaEvent['type']>(['LabelRegistered', 'LabelUnregistered']);
/** The schema stream is shared with other registries (object types): fold only the events this decider owns. */
export function isAccountSchemaLabelEvent(event: DomainEvent): event is AccountSchemaEvent {
  return EVENT_TYPES.has(event.type);
}

export interface AccountSchemaState {
  /** Next free user-defined typeId; only grows. */
  readonly nextTypeId: number;
  readonly labels: Readonly<Record<string, Omit<RegisteredLabelData, 'registeredBy' | 'registeredAt'>>>;
}

function register(command: RegisterLabel, state: AccountSchemaState): AccountSchemaEvent[] {
  const { labelId, fromObjectTypeId: from, toObjectTypeId: to } = command.data;
  const names: LabelNames = command.data;
  const existing = state.labels[labelId];
  if (existing) {
    const inverseName = names.shape === 'paired' ? names.inverseName : null;
    const same =
      existing.fromObjectTypeId === from &&
      existing.toObjectTypeId === to &&
      existing.name === names.name &&
      existing.inverseName === inverseName;
    if (same) return []; // a retried registration: the label stream may not have been written yet
    throw new DomainError('LABEL_ID_TAKEN', `Label id ${labelId} is already registered`, { labelId });
  }
  assertValidLabelNames(names);

  const pair = objectPairKey(from, to);
  const onPair = Object.values(state.labels).filter(
    (l) => objectPairKey(l.fromObjectTypeId, l.toObjectTypeId) === pair,
  );
  if (onPair.length >= MAX_LABELS_PER_PAIR) {
    throw new DomainError(
      'LABEL_CAP_REACHED',
      `Cannot create label "${names.name}": the limit of ${MAX_LABELS_PER_PAIR} labels for ${from} ↔ ${to} is reached`,
      { fromObjectTypeId: from, toObjectTypeId: to, limit: MAX_LABELS_PER_PAIR, count: onPair.length },
    );
  }
  // Internal names compare case-insensitively: imports and stable keys match them that way.
  const taken = new Set(onPair.flatMap((l) => [l.name, l.inverseName ?? l.name]).map((n) => n.toLowerCase()));
  const clash = labelNamesOf(names).find((n) => taken.has(n.toLowerCase()));
  if (clash !== undefined) {
    throw new DomainError(
      'LABEL_NAME_TAKEN',
      `Internal name "${clash}" is already used by a label for ${from} ↔ ${to}`,
      { name: clash, fromObjectTypeId: from, toObjectTypeId: to },
    );
  }

  // A same-object single label is its own inverse: one typeId. Every other shape takes two, in sequence.
  const typeId = state.nextTypeId;
  const ownInverse = from === to && names.shape === 'single';
  if ((ownInverse ? typeId : typeId + 1) > USER_DEFINED_TYPE_ID_MAX) {
    throw new DomainError('TYPE_IDS_EXHAUSTED', `No user-defined typeIds are left in this account`, {
      nextTypeId: typeId,
    });
  }
  return [
    {
      type: 'LabelRegistered',
      data: {
        labelId,
        fromObjectTypeId: from,
        toObjectTypeId: to,
        shape: names.shape,
        name: names.name,
        inverseName: names.shape === 'paired' ? names.inverseName : null,
        typeId,
        inverseTypeId: ownInverse ? typeId : typeId + 1,
        registeredBy: command.metadata.actor,
        registeredAt: command.metadata.now,
      },
    },
  ];
}

function unregister(command: UnregisterLabel, state: AccountSchemaState): AccountSchemaEvent[] {
  const label = state.labels[command.data.labelId];
  if (!label) return []; // already unregistered: the delete saga may retry
  return [
    {
      type: 'LabelUnregistered',
      data: { ...label, unregisteredBy: command.metadata.actor, unregisteredAt: command.metadata.now },
    },
  ];
}

export const accountSchemaDecider: Decider<AccountSchemaCommand, AccountSchemaEvent, AccountSchemaState> = {
  initialState: () => ({ nextTypeId: USER_DEFINED_TYPE_ID_MIN, labels: {} }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterLabel':
        return register(command, state);
      case 'UnregisterLabel':
        return unregister(command, state);
      default:
        return assertNever(command, 'account schema command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'LabelRegistered': {
        const { registeredBy: _by, registeredAt: _at, ...label } = event.data;
        return {
          nextTypeId: Math.max(state.nextTypeId, label.typeId + 1, label.inverseTypeId + 1),
          labels: { ...state.labels, [label.labelId]: label },
        };
      }
      case 'LabelUnregistered': {
        const { [event.data.labelId]: _gone, ...labels } = state.labels;
        return { ...state, labels };
      }
      default:
        return assertNever(event, 'account schema event');
    }
  },
};
