import {
  hubSpotDefinedAssociationTypes,
  type CustomObjectDefinition,
  type CustomObjectProperty,
  type ObjectType,
} from '@app/domain';
import type { CatalogueCustomObject } from '@app/read-models';
import type {
  AssociationDefinitionDto,
  ObjectSchemaDto,
  ObjectTypeDefinitionDto,
  PropertyDto,
} from './object-schema.response.dto';

/** A custom object's schema as both sides know it: the schema stream's state and the label catalogue. */
export interface CustomObjectSource extends Omit<CustomObjectDefinition, 'description'> {
  description?: string | null;
  createdBy?: string;
}

export function fromCatalogue(object: CatalogueCustomObject): CustomObjectSource {
  const { definedBy, definedAt, properties, ...rest } = object;
  return {
    ...rest,
    properties: properties as unknown as CustomObjectProperty[],
    createdAt: definedAt,
    createdBy: definedBy,
  };
}

/** HubSpot's `ObjectTypeDefinition`: `id` is the number of `2-<n>`; `portalId` only when the account id is one. */
export function toObjectTypeDefinition(object: CustomObjectSource, accountId: string): ObjectTypeDefinitionDto {
  const definition: ObjectTypeDefinitionDto = {
    id: object.objectTypeId.slice(object.objectTypeId.indexOf('-') + 1),
    objectTypeId: object.objectTypeId,
    name: object.name,
    fullyQualifiedName: object.fullyQualifiedName,
    labels: { singular: object.labels.singular, plural: object.labels.plural },
    primaryDisplayProperty: object.primaryDisplayProperty,
    secondaryDisplayProperties: [...object.secondaryDisplayProperties],
    requiredProperties: [...object.requiredProperties],
    searchableProperties: [...object.searchableProperties],
    archived: false,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
  };
  if (object.description) definition.description = object.description;
  if (/^[1-9][0-9]{0,15}$/.test(accountId)) definition.portalId = Number(accountId);
  return definition;
}

function toProperty(property: CustomObjectProperty, index: number, object: CustomObjectSource): PropertyDto {
  return {
    name: property.name,
    label: property.label,
    type: property.type,
    fieldType: property.fieldType,
    description: property.description ?? '',
    groupName: `${object.name.toLowerCase()}_information`,
    options: (property.options ?? []).map((option, order) => ({
      label: option.label,
      value: option.value,
      displayOrder: option.displayOrder ?? order,
      hidden: option.hidden ?? false,
    })),
    displayOrder: index,
    hasUniqueValue: property.hasUniqueValue ?? false,
    hidden: false,
    formField: true,
    calculated: false,
    externalOptions: false,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    createdUserId: object.createdBy ?? '',
    // Properties cannot change after definition (the schema API's PATCH does not touch them).
    createdAt: object.createdAt,
    updatedAt: object.createdAt,
  };
}

/**
 * One `AssociationDefinition` per associated object still available: the pair's unlabeled type custom → other, as
 * `getAll(customObject, other)` lists it (its typeId as `id`).
 */
function toAssociations(object: CustomObjectSource, availableTypes: readonly ObjectType[]): AssociationDefinitionDto[] {
  const self = availableTypes.find((t) => t.objectTypeId === object.objectTypeId);
  if (!self) return [];
  return object.associatedObjects.flatMap((otherId) => {
    const other = availableTypes.find((t) => t.objectTypeId === otherId);
    const unlabeled =
      other &&
      hubSpotDefinedAssociationTypes([self, other]).find(
        (t) => t.label === null && t.fromObjectTypeId === self.objectTypeId && t.toObjectTypeId === otherId,
      );
    if (!unlabeled) return [];
    return [
      {
        id: String(unlabeled.typeId),
        fromObjectTypeId: self.objectTypeId,
        toObjectTypeId: otherId,
        name: unlabeled.name,
        createdAt: object.createdAt,
        updatedAt: object.createdAt,
      },
    ];
  });
}

/** HubSpot's `ObjectSchema`. `availableTypes`: the account's object types, to describe its associations. */
export function toObjectSchema(
  object: CustomObjectSource,
  accountId: string,
  availableTypes: readonly ObjectType[],
): ObjectSchemaDto {
  return {
    ...toObjectTypeDefinition(object, accountId),
    properties: object.properties.map((property, index) => toProperty(property, index, object)),
    associations: toAssociations(object, availableTypes),
  };
}
