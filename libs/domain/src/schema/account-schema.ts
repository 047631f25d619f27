import {
  accountSchemaDecider,
  isAccountSchemaLabelEvent,
  type AccountSchemaState,
} from '../labels/account-schema.decider';
import { HUBSPOT_LABELS } from '../labels/hubspot-labels';
import { pairLimitsDecider, isPairLimitEvent, type PairLimitsState } from '../limits/pair-limits.decider';
import { availableObjectTypes, type ObjectType } from '../object-types/object-type.catalogue';
import {
  isObjectTypeEvent,
  objectTypesDecider,
  objectTypesOf,
  type ObjectTypesState,
} from '../object-types/object-types.decider';
import type { DomainEvent } from '../shared/decider';

/**
 * An account's schema stream (`schema-{account}`) holds three registries, each owned by its decider: the label
 * registry (slots, names, typeIds), the object types (provisioning, activation, custom objects) and the pairs'
 * overall limits. One read of the stream folds all three; every command on it appends at the revision it read.
 */
export interface AccountSchema {
  readonly labels: AccountSchemaState;
  readonly objectTypes: ObjectTypesState;
  readonly pairLimits: PairLimitsState;
}

export const accountSchemaFold = {
  name: 'account-schema',
  initialState(): AccountSchema {
    return {
      labels: accountSchemaDecider.initialState(),
      objectTypes: objectTypesDecider.initialState(),
      pairLimits: pairLimitsDecider.initialState(),
    };
  },
  evolve(state: AccountSchema, event: DomainEvent): AccountSchema {
    if (isAccountSchemaLabelEvent(event)) return { ...state, labels: accountSchemaDecider.evolve(state.labels, event) };
    if (isObjectTypeEvent(event)) {
      return { ...state, objectTypes: objectTypesDecider.evolve(state.objectTypes, event) };
    }
    if (isPairLimitEvent(event)) return { ...state, pairLimits: pairLimitsDecider.evolve(state.pairLimits, event) };
    return state;
  },
};

/** The object types the account can associate now, as decided from its schema stream. */
export function schemaObjectTypes(schema: AccountSchema): ObjectType[] {
  return availableObjectTypes(objectTypesOf(schema.objectTypes));
}

/** Which label (stream) a typeId is a direction of: a custom label of the registry or one of HubSpot's. */
export interface LabelRef {
  labelId: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  typeId: number;
  inverseTypeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
}

export function labelRefs(schema: AccountSchema): LabelRef[] {
  return [
    ...HUBSPOT_LABELS.map((l) => ({ ...pick(l), category: 'HUBSPOT_DEFINED' as const })),
    ...Object.values(schema.labels.labels).map((l) => ({ ...pick(l), category: 'USER_DEFINED' as const })),
  ];
}

function pick(l: Omit<LabelRef, 'category'>): Omit<LabelRef, 'category'> {
  const { labelId, fromObjectTypeId, toObjectTypeId, typeId, inverseTypeId } = l;
  return { labelId, fromObjectTypeId, toObjectTypeId, typeId, inverseTypeId };
}

/** The label a typeId belongs to (either direction), or undefined for unlabeled and unknown typeIds. */
export function labelRefOfTypeId(schema: AccountSchema, typeId: number): LabelRef | undefined {
  return labelRefs(schema).find((l) => l.typeId === typeId || l.inverseTypeId === typeId);
}
