import { DomainError, hubSpotDefinedAssociationTypes, schemaObjectTypes, type AccountSchema } from '@app/domain';
import type { AssociationSpecInput } from './set-association-labels/set-association-labels.command';

/** One association type of `from → to` as the legacy v3 API names it (GET /crm/v3/associations/{from}/{to}/types). */
export interface V3AssociationType {
  typeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  /** The internal name: `contact_to_company` (Primary), `contact_to_company_unlabeled`, a custom label's name. */
  name: string;
}

/**
 * The association types of `from → to` with their v3 names, decided from the account's schema stream (not the label
 * catalogue, which may lag a label created a moment ago): HubSpot's types of the two object types, and each custom
 * label's direction (`name` from → to, `inverseName` — or `name` for a single label — to → from), as the catalogue
 * names them for GET …/types.
 */
export function v3AssociationTypes(
  schema: AccountSchema,
  fromObjectTypeId: string,
  toObjectTypeId: string,
): V3AssociationType[] {
  const objectTypes = schemaObjectTypes(schema).filter(
    (t) => t.objectTypeId === fromObjectTypeId || t.objectTypeId === toObjectTypeId,
  );
  const hubspot = hubSpotDefinedAssociationTypes(objectTypes)
    .filter((t) => t.fromObjectTypeId === fromObjectTypeId && t.toObjectTypeId === toObjectTypeId)
    .map(({ typeId, category, name }): V3AssociationType => ({ typeId, category, name }));
  const custom = Object.values(schema.labels.labels).flatMap((label): V3AssociationType[] => {
    const sides: V3AssociationType[] = [];
    if (label.fromObjectTypeId === fromObjectTypeId && label.toObjectTypeId === toObjectTypeId) {
      sides.push({ typeId: label.typeId, category: 'USER_DEFINED', name: label.name });
    }
    // A same-object single label is its own inverse: one type, already listed.
    if (
      label.fromObjectTypeId === toObjectTypeId &&
      label.toObjectTypeId === fromObjectTypeId &&
      label.inverseTypeId !== label.typeId
    ) {
      sides.push({ typeId: label.inverseTypeId, category: 'USER_DEFINED', name: label.inverseName ?? label.name });
    }
    return sides;
  });
  return [...hubspot, ...custom];
}

const TYPE_ID = /^[0-9]{1,9}$/;

/**
 * Each v3 `type` of a request as the type it names: an internal name (case-insensitive, as GET …/types lists it) or,
 * as GET …/types' `id`, a typeId. Unknown ones are refused together, before anything is written.
 */
export function resolveV3Types(
  types: readonly V3AssociationType[],
  wanted: readonly string[],
  pair: { fromObjectTypeId: string; toObjectTypeId: string },
): V3AssociationType[] {
  const byName = new Map(types.map((t) => [t.name.toLowerCase(), t]));
  const byTypeId = new Map(types.map((t) => [String(t.typeId), t]));
  const find = (type: string) =>
    TYPE_ID.test(type) ? byTypeId.get(String(Number(type))) : byName.get(type.toLowerCase());
  const unknown = [...new Set(wanted.filter((type) => find(type) === undefined))];
  if (unknown.length > 0) {
    const { fromObjectTypeId: from, toObjectTypeId: to } = pair;
    throw new DomainError(
      'UNKNOWN_ASSOCIATION_TYPE',
      `Unknown association type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')} ` +
        `for ${from} → ${to}; GET /crm/v3/associations/${from}/${to}/types lists the valid ones`,
      { type: unknown, fromObjectTypeId: from, toObjectTypeId: to },
    );
  }
  return wanted.map((type) => find(type)!);
}

/** The `AssociationSpec` the v4 write path takes for a v3 type. */
export function specOf(type: V3AssociationType): AssociationSpecInput {
  return { associationCategory: type.category, associationTypeId: type.typeId };
}
