import { DomainError, labelRefs, typeIdRange, unlabeledTypeId, type AccountSchema, type LabelRef } from '@app/domain';

export const LIMIT_CATEGORIES = ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'] as const;
export type LimitCategory = (typeof LIMIT_CATEGORIES)[number];

/** Where the limit of one typeId of `from → to` lives: the pair's own (unlabeled) limit, or a label's direction. */
export type LimitTarget =
  | { kind: 'pair'; category: 'HUBSPOT_DEFINED'; typeId: number; from: string; to: string }
  | { kind: 'label'; category: LabelRef['category']; typeId: number; from: string; to: string; ref: LabelRef };

/** Whether `typeId` is a direction of the label that goes `from → to` (both directions on a same-object pair). */
function labelGoes(ref: LabelRef, typeId: number, from: string, to: string): boolean {
  const forward = ref.typeId === typeId && ref.fromObjectTypeId === from && ref.toObjectTypeId === to;
  const inverse = ref.inverseTypeId === typeId && ref.fromObjectTypeId === to && ref.toObjectTypeId === from;
  return forward || inverse;
}

/** The labels with a direction `from → to`, each with that direction's typeId. */
export function labelsOfDirection(
  schema: AccountSchema,
  from: string,
  to: string,
): { ref: LabelRef; typeId: number }[] {
  return labelRefs(schema).flatMap((ref) =>
    [...new Set([ref.typeId, ref.inverseTypeId])]
      .filter((typeId) => labelGoes(ref, typeId, from, to))
      .map((typeId) => ({ ref, typeId })),
  );
}

/**
 * Which limit a configuration input names. The typeId must be an association type of the path's direction; a
 * missing category is inferred (hubspot-v4-api.md §0.7), a given one must match the type's.
 */
export function limitTargetOf(
  schema: AccountSchema,
  from: string,
  to: string,
  input: { category?: string; typeId: number },
): LimitTarget {
  const { typeId } = input;
  let target: LimitTarget | undefined;
  if (typeId === unlabeledTypeId(from, to)) {
    target = { kind: 'pair', category: 'HUBSPOT_DEFINED', typeId, from, to };
  } else {
    const ref = labelsOfDirection(schema, from, to).find((l) => l.typeId === typeId)?.ref;
    if (ref) target = { kind: 'label', category: ref.category, typeId, from, to, ref };
  }
  if (!target) {
    throw new DomainError(
      'TYPE_NOT_IN_DIRECTION',
      `Association type ${typeId} is not an association type of ${from} → ${to}`,
      { typeId, fromObjectTypeId: from, toObjectTypeId: to, typeIdRange: typeIdRange(typeId) },
    );
  }
  if (input.category !== undefined && input.category !== target.category) {
    throw new DomainError(
      'CATEGORY_MISMATCH',
      `Association type ${typeId} of ${from} → ${to} is ${target.category}, not ${input.category}`,
      { typeId, category: input.category, expectedCategory: target.category },
    );
  }
  return target;
}
