import {
  availableObjectTypes,
  hubSpotDefinedAssociationTypes,
  type AssociationLimit,
  type LabelCategory,
  type ObjectType,
} from '@app/domain';
import type { CatalogueLabel, LabelCatalogue } from './label-catalogue.view';

/** One directional association type as the APIs show it: HubSpot-defined or a direction of a custom label. */
export interface AssociationTypeView {
  typeId: number;
  category: LabelCategory;
  /** Null for the pair's unlabeled type. */
  label: string | null;
  name: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  inverseTypeId: number;
  /** 'many' unless configured. */
  limit: AssociationLimit;
  /** The label stream's id; absent for unlabeled types. */
  labelId?: string;
  status: 'Active' | 'Retiring';
}

/** The object types an account can associate, from its catalogue. */
export function catalogueObjectTypes(catalogue: LabelCatalogue): ObjectType[] {
  return availableObjectTypes({
    activated: catalogue.activated,
    customObjects: catalogue.customObjects.map(({ objectTypeId, name, fullyQualifiedName }) => ({
      objectTypeId,
      name,
      fullyQualifiedName,
    })),
  });
}

/** Both directions of a label; a same-object single label is one type, its own inverse. */
export function labelDirections(label: CatalogueLabel): AssociationTypeView[] {
  const { labelId, category, status, fromObjectTypeId: from, toObjectTypeId: to } = label;
  const forward: AssociationTypeView = {
    ...label.forward,
    category,
    fromObjectTypeId: from,
    toObjectTypeId: to,
    inverseTypeId: label.inverse.typeId,
    labelId,
    status,
  };
  if (label.inverse.typeId === label.forward.typeId) return [forward];
  const inverse: AssociationTypeView = {
    ...label.inverse,
    category,
    fromObjectTypeId: to,
    toObjectTypeId: from,
    inverseTypeId: label.forward.typeId,
    labelId,
    status,
  };
  return [forward, inverse];
}

/**
 * Every association type of the account, in every direction: the HubSpot-defined ones of its available object types
 * (fixed texts, limits from the catalogue) and its custom labels. Ordered by pair, then HubSpot's before custom.
 */
export function accountAssociationTypes(
  catalogue: LabelCatalogue,
  only?: { fromObjectTypeId: string; toObjectTypeId: string },
): AssociationTypeView[] {
  const all = catalogueObjectTypes(catalogue);
  // One direction needs only its two object types' HubSpot-defined types, not every pair of the account.
  const types = only
    ? all.filter((t) => t.objectTypeId === only.fromObjectTypeId || t.objectTypeId === only.toObjectTypeId)
    : all;
  const available = new Set(types.map((t) => t.objectTypeId));
  const pairLimits = new Map(catalogue.pairLimits.map((p) => [p.typeId, p.limit]));
  const labelled = new Map(
    catalogue.labels.flatMap((label) => labelDirections(label)).map((view) => [view.typeId, view]),
  );
  const hubspot = hubSpotDefinedAssociationTypes(types).map((t): AssociationTypeView => {
    const stored = labelled.get(t.typeId);
    return {
      typeId: t.typeId,
      category: 'HUBSPOT_DEFINED',
      label: t.label,
      name: t.name,
      fromObjectTypeId: t.fromObjectTypeId,
      toObjectTypeId: t.toObjectTypeId,
      inverseTypeId: t.inverseTypeId,
      limit: t.label === null ? (pairLimits.get(t.typeId) ?? 'many') : (stored?.limit ?? 'many'),
      ...(stored?.labelId !== undefined ? { labelId: stored.labelId } : {}),
      status: 'Active',
    };
  });
  const custom = [...labelled.values()].filter(
    (v) => v.category !== 'HUBSPOT_DEFINED' && available.has(v.fromObjectTypeId) && available.has(v.toObjectTypeId),
  );
  return [...hubspot, ...custom];
}

/** The association types of one direction, `from → to` (type ids already resolved). */
export function associationTypesBetween(
  catalogue: LabelCatalogue,
  fromObjectTypeId: string,
  toObjectTypeId: string,
): AssociationTypeView[] {
  return accountAssociationTypes(catalogue, { fromObjectTypeId, toObjectTypeId }).filter(
    (t) => t.fromObjectTypeId === fromObjectTypeId && t.toObjectTypeId === toObjectTypeId,
  );
}
