import type { AssociationLimit, LabelCategory, LabelShape } from '@app/domain';
import type { AssociationTypeView, LabelCatalogue } from '@app/read-models';

/** One direction of a label (or of an unlabeled type). */
export interface LabelDirection {
  typeId: number;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name: string;
  /** Null for an unlabeled type. */
  label: string | null;
  limit: AssociationLimit;
}

/**
 * A label's "API details", the same whichever of its typeIds asked: `forward` is the direction it was created in.
 * Unlabeled types are not labels: they have no labelId, shape or creation, and `forward` is the typeId asked for.
 */
export interface LabelDetails {
  labelId: string | null;
  category: LabelCategory;
  shape: LabelShape | null;
  status: 'Active' | 'Retiring';
  fromObjectTypeId: string;
  toObjectTypeId: string;
  typeId: number;
  inverseTypeId: number;
  label: string | null;
  /** Null for a single label (one text both ways) and for unlabeled types. */
  inverseLabel: string | null;
  name: string;
  /** Null for a single label (one name both ways). */
  inverseName: string | null;
  forward: LabelDirection;
  inverse: LabelDirection;
  createdAt: string | null;
  createdBy: string | null;
}

const direction = (t: AssociationTypeView): LabelDirection => ({
  typeId: t.typeId,
  fromObjectTypeId: t.fromObjectTypeId,
  toObjectTypeId: t.toObjectTypeId,
  name: t.name,
  label: t.label,
  limit: t.limit,
});

/** Builds the details of `type` from the account's association types and, for labels, their catalogue entry. */
export function labelDetails(
  catalogue: LabelCatalogue,
  types: readonly AssociationTypeView[],
  type: AssociationTypeView,
): LabelDetails {
  const stored = type.labelId === undefined ? undefined : catalogue.labels.find((l) => l.labelId === type.labelId);
  const forwardTypeId = stored?.forward.typeId ?? type.typeId;
  const forward = types.find((t) => t.typeId === forwardTypeId) ?? type;
  const inverse = types.find((t) => t.typeId === forward.inverseTypeId) ?? forward;
  const single = stored?.shape === 'single';
  return {
    labelId: stored?.labelId ?? null,
    category: stored?.category ?? type.category,
    shape: stored?.shape ?? null,
    status: stored?.status ?? type.status,
    fromObjectTypeId: forward.fromObjectTypeId,
    toObjectTypeId: forward.toObjectTypeId,
    typeId: forward.typeId,
    inverseTypeId: inverse.typeId,
    label: forward.label,
    inverseLabel: single ? null : inverse.label,
    name: forward.name,
    inverseName: single ? null : inverse.name,
    forward: direction(forward),
    inverse: direction(inverse),
    createdAt: stored?.createdAt ?? null,
    createdBy: stored?.createdBy ?? null,
  };
}
