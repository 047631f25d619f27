import type { AssociationLimit, LabelCategory } from '../labels/label.rules';
import type { LabelState } from '../labels/label.types';
import { pairLimitOf, type PairLimitsState } from '../limits/pair-limits.decider';
import { unlabeledTypeId } from '../object-types/hubspot-defined-types';
import { INVERSE_PRIMARY_TYPE_IDS, PRIMARY_TYPE_IDS } from './links.state';

/** A label's typeId in the from → to direction, with what a write needs to know of it. */
export interface PairLabelType {
  typeId: number;
  /** The typeId the other side carries; equal to `typeId` for a same-object single label. */
  inverseTypeId: number;
  category: LabelCategory;
  label: string;
  /** The text the other side shows (the same as `label` for a single label). */
  inverseLabel: string;
  status: 'Active' | 'Retiring' | 'Deleted';
  /** At most this many records of the other object per record, from → to. */
  limit: AssociationLimit;
  /** The same, to → from (for `inverseTypeId`). */
  inverseLimit: AssociationLimit;
  /** HubSpot's Primary (1/2, 5/6, 26/25). */
  primary: boolean;
}

/** The association types of one direction of an object pair, as the handler read them (ADR 0006 §2). */
export interface PairTypes {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  /** The pair's unlabeled type; its limits are the pair's overall limits per direction. */
  unlabeled: { typeId: number; inverseTypeId: number; limit: AssociationLimit; inverseLimit: AssociationLimit };
  /** Every label typeId of from → to (for a same-object pair: of both directions, they are the same pair). */
  labels: ReadonlyMap<number, PairLabelType>;
}

export interface PairTypePieces {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  /** The account schema's pair limits. */
  pairLimits: PairLimitsState;
  /** The label streams' states of this object pair, either direction (others are ignored). */
  labels: readonly LabelState[];
}

const isPrimaryTypeId = (typeId: number): boolean =>
  PRIMARY_TYPE_IDS.has(typeId) || INVERSE_PRIMARY_TYPE_IDS.has(typeId);

/** Builds `PairTypes` from the schema's pair limits and the pair's label states. */
export function buildPairTypes({
  fromObjectTypeId: from,
  toObjectTypeId: to,
  pairLimits,
  labels,
}: PairTypePieces): PairTypes {
  const typeId = unlabeledTypeId(from, to);
  const inverseTypeId = unlabeledTypeId(to, from);
  const unlabeled = {
    typeId,
    inverseTypeId,
    limit: pairLimitOf(pairLimits, typeId),
    inverseLimit: pairLimitOf(pairLimits, inverseTypeId),
  };
  const byTypeId = new Map<number, PairLabelType>();
  for (const state of labels) {
    if (state.status === 'NotCreated') continue;
    const { label: definition, status } = state;
    const { category, forward, inverse } = definition;
    const sides: (readonly [typeof forward, typeof inverse])[] = [];
    if (definition.fromObjectTypeId === from && definition.toObjectTypeId === to) sides.push([forward, inverse]);
    if (definition.fromObjectTypeId === to && definition.toObjectTypeId === from) sides.push([inverse, forward]);
    for (const [mine, theirs] of sides) {
      byTypeId.set(mine.typeId, {
        typeId: mine.typeId,
        inverseTypeId: theirs.typeId,
        category,
        label: mine.label,
        inverseLabel: theirs.label,
        status,
        limit: mine.limit,
        inverseLimit: theirs.limit,
        primary: category === 'HUBSPOT_DEFINED' && isPrimaryTypeId(mine.typeId),
      });
    }
  }
  return { fromObjectTypeId: from, toObjectTypeId: to, unlabeled, labels: byTypeId };
}

/** The typeId the other side carries for `typeId` of this direction, or undefined for a type not of the pair. */
export function inverseOf(types: PairTypes, typeId: number): number | undefined {
  return typeId === types.unlabeled.typeId ? types.unlabeled.inverseTypeId : types.labels.get(typeId)?.inverseTypeId;
}
