import { DomainError, labelRefOfTypeId, unlabeledTypeId, type AccountSchema, type LabelRef } from '@app/domain';

/**
 * The label a typeId of a labels route names, for the object pair of the path (either direction of it, since a
 * paired label is edited and deleted through either of its typeIds). Unlabeled types are HubSpot's and immutable.
 */
export function labelOfPair(schema: AccountSchema, from: string, to: string, typeId: number, verb: string): LabelRef {
  if (typeId === unlabeledTypeId(from, to) || typeId === unlabeledTypeId(to, from)) {
    throw new DomainError('HUBSPOT_DEFINED_IMMUTABLE', `Cannot ${verb} HubSpot-defined association type ${typeId}`, {
      typeId,
    });
  }
  const ref = labelRefOfTypeId(schema, typeId);
  const samePair =
    ref !== undefined &&
    ((ref.fromObjectTypeId === from && ref.toObjectTypeId === to) ||
      (ref.fromObjectTypeId === to && ref.toObjectTypeId === from));
  if (!ref || !samePair) {
    throw new DomainError('LABEL_NOT_FOUND', `Association type ${typeId} is not a label between ${from} and ${to}`, {
      typeId,
      fromObjectTypeId: from,
      toObjectTypeId: to,
    });
  }
  return ref;
}
