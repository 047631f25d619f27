import {
  hubSpotDefinedAssociationTypes,
  labelRefs,
  schemaObjectTypes,
  type AccountSchema,
  type RecordKey,
} from '@app/domain';
import { associationSpecs } from '../../associations/association-specs';
import type { AssociationSpecInput } from '../../associations/set-association-labels/set-association-labels.command';
import { AppException } from '../../errors/app.exception';

/** One `associations[]` item of a record creation: `{to: {id}, types: [AssociationSpec]}`. */
export interface CreateAssociationInput {
  toId: string;
  types: readonly AssociationSpecInput[];
}

/** An association of a creation with its `to` object type inferred from its typeIds' direction. */
export interface ResolvedCreateAssociation extends CreateAssociationInput {
  toObjectTypeId: string;
}

/** The body's `associations` (absent or empty: none); shape errors are 400s naming the item. */
export function createAssociationInputs(body: unknown): CreateAssociationInput[] {
  if (body === undefined || body === null) return [];
  if (!Array.isArray(body)) throw new AppException('VALIDATION_FAILED', 'Invalid input: associations must be an array');
  return body.map((item: unknown, index) => {
    const where = `associations[${index}]`;
    const input = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const to = (typeof input.to === 'object' && input.to !== null ? input.to : {}) as Record<string, unknown>;
    const id = typeof to.id === 'number' ? String(to.id) : to.id;
    if (typeof id !== 'string' || id === '') {
      throw new AppException('VALIDATION_FAILED', `Invalid input: ${where}.to.id must be a record id`);
    }
    const types = associationSpecs(input.types, `${where}.types`);
    if (types.length === 0) {
      throw new AppException(
        'VALIDATION_FAILED',
        `Invalid input: ${where}.types must name at least one association type`,
      );
    }
    return { toId: id, types };
  });
}

interface DirectedType {
  toObjectTypeId: string;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
}

/** The association types leaving `fromObjectTypeId` (HubSpot's and custom labels' directions), by typeId. */
function typesFrom(schema: AccountSchema, fromObjectTypeId: string): Map<number, DirectedType> {
  const types = new Map<number, DirectedType>();
  for (const t of hubSpotDefinedAssociationTypes(schemaObjectTypes(schema))) {
    if (t.fromObjectTypeId === fromObjectTypeId) {
      types.set(t.typeId, { toObjectTypeId: t.toObjectTypeId, category: 'HUBSPOT_DEFINED' });
    }
  }
  for (const ref of labelRefs(schema)) {
    if (ref.category !== 'USER_DEFINED') continue;
    if (ref.fromObjectTypeId === fromObjectTypeId && !types.has(ref.typeId)) {
      types.set(ref.typeId, { toObjectTypeId: ref.toObjectTypeId, category: 'USER_DEFINED' });
    }
    if (ref.toObjectTypeId === fromObjectTypeId && !types.has(ref.inverseTypeId)) {
      types.set(ref.inverseTypeId, { toObjectTypeId: ref.fromObjectTypeId, category: 'USER_DEFINED' });
    }
  }
  return types;
}

/**
 * Each association's `to` object type, from the direction of its typeIds out of the record's type: a typeId that no
 * association type of the account leaves the record's type with is a 400 naming it, as is a category that is not the
 * typeId's, or one association whose typeIds lead to different object types.
 */
export function resolveCreateAssociations(
  schema: AccountSchema,
  fromObjectTypeId: string,
  inputs: readonly CreateAssociationInput[],
): ResolvedCreateAssociation[] {
  if (inputs.length === 0) return [];
  const types = typesFrom(schema, fromObjectTypeId);
  return inputs.map((input, index) => {
    const targets = new Set<string>();
    for (const { associationCategory, associationTypeId } of input.types) {
      const type = types.get(associationTypeId);
      if (type === undefined) {
        throw new AppException(
          'VALIDATION_FAILED',
          `associations[${index}]: association type ${associationTypeId} is not an association type from ${fromObjectTypeId}`,
          { associationTypeId: [String(associationTypeId)] },
        );
      }
      if (type.category !== associationCategory) {
        throw new AppException(
          'VALIDATION_FAILED',
          `Association type ${associationTypeId} is ${type.category}, not ${associationCategory}`,
          { associationTypeId: [String(associationTypeId)], associationCategory: [associationCategory] },
        );
      }
      targets.add(type.toObjectTypeId);
    }
    if (targets.size !== 1) {
      throw new AppException(
        'VALIDATION_FAILED',
        `associations[${index}]: the association types lead to different object types (${[...targets].join(', ')})`,
        { associationTypeId: input.types.map((t) => String(t.associationTypeId)) },
      );
    }
    return { ...input, toObjectTypeId: [...targets][0]! };
  });
}

/** The `to` records of the associations, as keys (duplicates once). */
export function associationTargets(associations: readonly ResolvedCreateAssociation[]): RecordKey[] {
  const keys = new Map<string, RecordKey>();
  for (const a of associations) {
    keys.set(`${a.toObjectTypeId}/${a.toId}`, { objectTypeId: a.toObjectTypeId, recordId: a.toId });
  }
  return [...keys.values()];
}
