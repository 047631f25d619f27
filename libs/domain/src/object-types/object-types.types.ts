import type { Command, DomainEvent } from '../shared/decider';
import type { CustomObjectLabels, CustomObjectMutablePart, CustomObjectProperty } from './object-type.rules';

/*
 * Commands, events and state of the account's object types (object-types.decider.ts), kept on the schema stream
 * `schema-{account}` (`accountSchemaStream`). Every event names who did it and when, from the command's metadata.
 */

/** A custom object schema as a client defines it; `associatedObjects` are type ids the caller resolved. */
export interface CustomObjectSchema {
  name: string;
  labels: CustomObjectLabels;
  description?: string | null;
  /** Defaults to the first property. */
  primaryDisplayProperty?: string;
  secondaryDisplayProperties?: string[];
  requiredProperties?: string[];
  searchableProperties?: string[];
  properties: CustomObjectProperty[];
  associatedObjects: string[];
}

export type ProvisionAccount = Command<'ProvisionAccount', Record<string, never>>;
export type ActivateObjectType = Command<'ActivateObjectType', { objectTypeId: string }>;
export type DefineCustomObject = Command<'DefineCustomObject', { portalId: string } & CustomObjectSchema>;
/** `description: null` clears it; an absent field is left as it is. */
export type UpdateCustomObject = Command<
  'UpdateCustomObject',
  { objectTypeId: string; changes: Partial<CustomObjectMutablePart> }
>;
/** `labelsInUse`: the custom labels on the object's pairs, as the caller counted them; they must go first. */
export type DeleteCustomObject = Command<'DeleteCustomObject', { objectTypeId: string; labelsInUse: number }>;
export type ObjectTypeCommand =
  ProvisionAccount | ActivateObjectType | DefineCustomObject | UpdateCustomObject | DeleteCustomObject;

export interface CustomObjectSchemaData extends CustomObjectMutablePart {
  /** `2-<n>`. */
  objectTypeId: string;
  name: string;
  /** `p<portalId>_<name>`. */
  fullyQualifiedName: string;
  properties: CustomObjectProperty[];
  associatedObjects: string[];
}

/** The first event of every schema stream. */
export type AccountProvisioned = DomainEvent<
  'AccountProvisioned',
  { accountId: string; provisionedBy: string; provisionedAt: string }
>;
export type ObjectTypeActivated = DomainEvent<
  'ObjectTypeActivated',
  { objectTypeId: string; activatedBy: string; activatedAt: string }
>;
export type CustomObjectDefined = DomainEvent<
  'CustomObjectDefined',
  CustomObjectSchemaData & { definedBy: string; definedAt: string }
>;
export type CustomObjectUpdated = DomainEvent<
  'CustomObjectUpdated',
  {
    objectTypeId: string;
    before: CustomObjectMutablePart;
    after: CustomObjectMutablePart;
    changedBy: string;
    changedAt: string;
  }
>;
export type CustomObjectDeleted = DomainEvent<
  'CustomObjectDeleted',
  { objectTypeId: string; name: string; fullyQualifiedName: string; deletedBy: string; deletedAt: string }
>;
export type ObjectTypeEvent =
  AccountProvisioned | ObjectTypeActivated | CustomObjectDefined | CustomObjectUpdated | CustomObjectDeleted;

export interface CustomObjectDefinition extends CustomObjectSchemaData {
  createdAt: string;
  updatedAt: string;
}
export interface ObjectTypesState {
  readonly provisioned: boolean;
  /** Activated built-in type ids, in activation order. */
  readonly activated: readonly string[];
  /** Live custom objects by type id; a deleted one is gone. */
  readonly customObjects: Readonly<Record<string, CustomObjectDefinition>>;
  /** The `n` of the next `2-<n>`; only grows. */
  readonly nextCustomObjectNumber: number;
}
