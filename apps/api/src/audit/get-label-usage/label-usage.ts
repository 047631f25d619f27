import { associationsUsing } from '@app/read-models';

/** Where a label is used (DESIGN.md §3 "Where-used"): the shape of `GET /api/v1/association-labels/{typeId}/usage`. */
export interface LabelUsageView {
  typeId: number;
  associations: {
    total: number;
    /** Per object type at an end of the label: the associations through which its records carry the label. */
    byObjectType: Record<string, number>;
  };
  /** Saved lists, workflows and reports that reference the label: none until those tools exist. */
  tools: { lists: string[]; workflows: string[]; reports: string[] };
}

export interface UsedType {
  typeId: number;
  inverseTypeId: number;
  fromObjectTypeId: string;
  toObjectTypeId: string;
}

/**
 * The usage projection counts each association once, under the typeId of one of its two directions; a label's use is
 * therefore the sum over its typeId and its inverse. Every association with the label joins a record of each end's
 * type, so each end's type sees the whole total.
 */
export function labelUsageView(type: UsedType, counts: Record<string, string>): LabelUsageView {
  const total = associationsUsing(counts, [...new Set([type.typeId, type.inverseTypeId])]);
  const byObjectType: Record<string, number> = { [type.fromObjectTypeId]: total, [type.toObjectTypeId]: total };
  return {
    typeId: type.typeId,
    associations: { total, byObjectType },
    tools: { lists: [], workflows: [], reports: [] },
  };
}
