import { assertNever, type CommandMetadata, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';
import {
  ACTIVATABLE_OBJECT_TYPES,
  customObjectNumber,
  fullyQualifiedObjectName,
  type CustomObjectSchemaRef,
} from './object-type.catalogue';
import {
  assertKnownProperties,
  assertObjectNameFree,
  assertValidObjectLabels,
  assertValidObjectName,
  assertValidProperties,
  mutablePartOf,
} from './object-type.rules';
import type {
  CustomObjectDefinition,
  DefineCustomObject,
  DeleteCustomObject,
  ObjectTypeCommand,
  ObjectTypeEvent,
  ObjectTypesState,
  UpdateCustomObject,
} from './object-types.types';
import { CUSTOM_OBJECT_NUMBER_MAX } from './unlabeled-type-id';

export * from './object-types.types';
export {
  CUSTOM_OBJECT_PROPERTY_TYPES,
  type CustomObjectLabels,
  type CustomObjectMutablePart,
  type CustomObjectProperty,
  type CustomObjectPropertyOption,
  type CustomObjectPropertyType,
} from './object-type.rules';

/*
 * The object types of an account, folded from its schema stream (`accountSchemaStream`), which it shares with the
 * label registry and the pair limits: fold only the events `isObjectTypeEvent` accepts. Custom objects get `2-<n>`,
 * `n` allocated here: it only grows, so a deleted object's `n` (and the association slot derived from it) is never
 * reused. Commands other than `ProvisionAccount` are not refused on an unprovisioned account: the app provisions first.
 */

const EVENT_TYPES: ReadonlySet<string> = new Set<ObjectTypeEvent['type']>([
  'AccountProvisioned',
  'ObjectTypeActivated',
  'CustomObjectDefined',
  'CustomObjectUpdated',
  'CustomObjectDeleted',
]);
/** The schema stream is shared with other registries (labels, pair limits): fold only the events this decider owns. */
export function isObjectTypeEvent(event: DomainEvent): event is ObjectTypeEvent {
  return EVENT_TYPES.has(event.type);
}

/** The input of `availableObjectTypes()`: `availableObjectTypes(objectTypesOf(state))`. */
export function objectTypesOf(state: ObjectTypesState): {
  activated: readonly string[];
  customObjects: CustomObjectSchemaRef[];
} {
  const customObjects = Object.values(state.customObjects).map(({ objectTypeId, name, fullyQualifiedName }) => ({
    objectTypeId,
    name,
    fullyQualifiedName,
  }));
  return { activated: state.activated, customObjects };
}

function activate(objectTypeId: string, state: ObjectTypesState, { actor, now }: CommandMetadata): ObjectTypeEvent[] {
  if (!ACTIVATABLE_OBJECT_TYPES.some((t) => t.objectTypeId === objectTypeId)) {
    const activatable = ACTIVATABLE_OBJECT_TYPES.map((t) => `${t.objectTypeId} (${t.pluralName})`).join(', ');
    throw new DomainError(
      'UNKNOWN_OBJECT_TYPE',
      `Object type ${objectTypeId} cannot be activated; the activatable object types are ${activatable}`,
      { objectType: objectTypeId, activatable: ACTIVATABLE_OBJECT_TYPES.map((t) => t.objectTypeId) },
    );
  }
  if (state.activated.includes(objectTypeId)) return [];
  return [{ type: 'ObjectTypeActivated', data: { objectTypeId, activatedBy: actor, activatedAt: now } }];
}

function define(command: DefineCustomObject, state: ObjectTypesState): ObjectTypeEvent[] {
  const { portalId, name, properties, associatedObjects, ...schema } = command.data;
  assertValidObjectName(name);
  const liveNames = Object.values(state.customObjects).map((o) => o.name);
  assertObjectNameFree(name, liveNames);
  assertValidObjectLabels(schema.labels);
  assertValidProperties(properties);
  const part = mutablePartOf({
    labels: schema.labels,
    description: schema.description ?? null,
    primaryDisplayProperty: schema.primaryDisplayProperty ?? properties[0]!.name,
    secondaryDisplayProperties: schema.secondaryDisplayProperties ?? [],
    requiredProperties: schema.requiredProperties ?? [],
    searchableProperties: schema.searchableProperties ?? [],
  });
  assertKnownProperties(part, properties, name);
  const n = state.nextCustomObjectNumber;
  if (n > CUSTOM_OBJECT_NUMBER_MAX) {
    throw new DomainError(
      'CUSTOM_OBJECT_IDS_EXHAUSTED',
      `Cannot define custom object "${name}": this account has used all ${CUSTOM_OBJECT_NUMBER_MAX} custom object ids`,
      { name, customObjectNumberMax: CUSTOM_OBJECT_NUMBER_MAX },
    );
  }
  const identity = { objectTypeId: `2-${n}`, name, fullyQualifiedName: fullyQualifiedObjectName(portalId, name) };
  const { actor: definedBy, now: definedAt } = command.metadata;
  return [
    {
      type: 'CustomObjectDefined',
      data: { ...identity, ...part, properties, associatedObjects, definedBy, definedAt },
    },
  ];
}

/** A custom object that exists and is not deleted: deleted objects are not found. */
function liveObject(state: ObjectTypesState, objectTypeId: string, verb: string): CustomObjectDefinition {
  const object = state.customObjects[objectTypeId];
  if (object) return object;
  throw new DomainError(
    'CUSTOM_OBJECT_NOT_FOUND',
    `Cannot ${verb} custom object ${objectTypeId}: no such custom object exists in this account`,
    { objectTypeId },
  );
}

function update(command: UpdateCustomObject, state: ObjectTypesState): ObjectTypeEvent[] {
  const { objectTypeId, changes } = command.data;
  const object = liveObject(state, objectTypeId, 'update');
  const before = mutablePartOf(object);
  const after = mutablePartOf({
    labels: changes.labels ?? before.labels,
    description: changes.description === undefined ? before.description : changes.description,
    primaryDisplayProperty: changes.primaryDisplayProperty ?? before.primaryDisplayProperty,
    secondaryDisplayProperties: changes.secondaryDisplayProperties ?? before.secondaryDisplayProperties,
    requiredProperties: changes.requiredProperties ?? before.requiredProperties,
    searchableProperties: changes.searchableProperties ?? before.searchableProperties,
  });
  assertValidObjectLabels(after.labels);
  assertKnownProperties(after, object.properties, object.name);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const { actor: changedBy, now: changedAt } = command.metadata;
  return [{ type: 'CustomObjectUpdated', data: { objectTypeId, before, after, changedBy, changedAt } }];
}

function remove(command: DeleteCustomObject, state: ObjectTypesState): ObjectTypeEvent[] {
  const { objectTypeId, labelsInUse } = command.data;
  const { name, fullyQualifiedName } = liveObject(state, objectTypeId, 'delete');
  if (labelsInUse > 0) {
    throw new DomainError(
      'CUSTOM_OBJECT_IN_USE',
      `Cannot delete custom object "${name}" (${objectTypeId}): ${labelsInUse} custom association ` +
        `label${labelsInUse === 1 ? '' : 's'} on its object pairs must be deleted first`,
      { objectTypeId, name, labelsInUse },
    );
  }
  const { actor: deletedBy, now: deletedAt } = command.metadata;
  return [{ type: 'CustomObjectDeleted', data: { objectTypeId, name, fullyQualifiedName, deletedBy, deletedAt } }];
}

export const objectTypesDecider: Decider<ObjectTypeCommand, ObjectTypeEvent, ObjectTypesState> = {
  initialState: () => ({ provisioned: false, activated: [], customObjects: {}, nextCustomObjectNumber: 1 }),

  decide(command, state) {
    switch (command.type) {
      case 'ProvisionAccount': {
        if (state.provisioned) return [];
        const { accountId, actor: provisionedBy, now: provisionedAt } = command.metadata;
        return [{ type: 'AccountProvisioned', data: { accountId, provisionedBy, provisionedAt } }];
      }
      case 'ActivateObjectType':
        return activate(command.data.objectTypeId, state, command.metadata);
      case 'DefineCustomObject':
        return define(command, state);
      case 'UpdateCustomObject':
        return update(command, state);
      case 'DeleteCustomObject':
        return remove(command, state);
      default:
        return assertNever(command, 'object type command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'AccountProvisioned':
        return { ...state, provisioned: true };
      case 'ObjectTypeActivated': {
        const { objectTypeId } = event.data;
        return state.activated.includes(objectTypeId)
          ? state
          : { ...state, activated: [...state.activated, objectTypeId] };
      }
      case 'CustomObjectDefined': {
        const { definedBy: _by, definedAt, ...schema } = event.data;
        const n = customObjectNumber(schema.objectTypeId) ?? 0;
        return {
          ...state,
          customObjects: {
            ...state.customObjects,
            [schema.objectTypeId]: { ...schema, createdAt: definedAt, updatedAt: definedAt },
          },
          nextCustomObjectNumber: Math.max(state.nextCustomObjectNumber, n + 1),
        };
      }
      case 'CustomObjectUpdated': {
        const { objectTypeId, after, changedAt } = event.data;
        const object = state.customObjects[objectTypeId];
        if (!object) return state;
        return {
          ...state,
          customObjects: { ...state.customObjects, [objectTypeId]: { ...object, ...after, updatedAt: changedAt } },
        };
      }
      case 'CustomObjectDeleted': {
        const { [event.data.objectTypeId]: _gone, ...customObjects } = state.customObjects;
        return { ...state, customObjects };
      }
      default:
        return assertNever(event, 'object type event');
    }
  },
};
