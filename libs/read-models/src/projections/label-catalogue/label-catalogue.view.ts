import type { AssociationLimit, LabelCategory, LabelShape } from '@app/domain';

/** The read side of the label catalogue projection: one account's hash, as typed values. */
export interface CatalogueLabelSide {
  typeId: number;
  name: string;
  label: string;
  limit: AssociationLimit;
}

export interface CatalogueLabel {
  labelId: string;
  category: LabelCategory;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  shape: LabelShape;
  status: 'Active' | 'Retiring';
  /** from→to. */
  forward: CatalogueLabelSide;
  /** to→from; the same typeId as `forward` for a same-object single label. */
  inverse: CatalogueLabelSide;
  createdBy: string;
  createdAt: string;
}

export interface CataloguePairLimit {
  typeId: number;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  limit: number;
}

/** A custom object's schema as `CustomObjectDefined` recorded it, with the mutable part of its last update. */
export interface CatalogueCustomObject {
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  labels: { singular: string; plural: string };
  description?: string | null;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: string[];
  requiredProperties: string[];
  searchableProperties: string[];
  properties: Record<string, unknown>[];
  associatedObjects: string[];
  definedBy: string;
  definedAt: string;
  updatedAt: string;
}

export interface LabelCatalogue {
  provisioned: boolean;
  /** Activated object type ids, in activation order. */
  activated: string[];
  /** By object type number. */
  customObjects: CatalogueCustomObject[];
  /** Ordered by forward typeId. */
  labels: CatalogueLabel[];
  pairLimits: CataloguePairLimit[];
}

interface StoredLabel {
  labelId: string;
  category: LabelCategory;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  shape: LabelShape;
  typeId: number;
  inverseTypeId: number;
  name: string;
  inverseName: string | null;
  createdBy: string;
  createdAt: string;
}

const limitOf = (hash: Record<string, string>, typeId: number): AssociationLimit => {
  const stored = hash[`limit:${typeId}`];
  return stored === undefined ? 'many' : Number(stored);
};

const objectNumber = (objectTypeId: string): number => Number(objectTypeId.slice(objectTypeId.indexOf('-') + 1));

export function toLabelCatalogue(hash: Record<string, string>): LabelCatalogue {
  const labels: CatalogueLabel[] = [];
  const pairLimits: CataloguePairLimit[] = [];
  const activated: { id: string; at: string }[] = [];
  const customObjects: CatalogueCustomObject[] = [];
  for (const [field, value] of Object.entries(hash)) {
    const colon = field.indexOf(':');
    const prefix = colon < 0 ? field : field.slice(0, colon);
    const id = field.slice(colon + 1);
    if (prefix === 'label') {
      const stored = JSON.parse(value) as StoredLabel;
      const texts = JSON.parse(hash[`texts:${id}`] ?? '{}') as { label: string; inverseLabel: string | null };
      labels.push({
        labelId: stored.labelId,
        category: stored.category,
        fromObjectTypeId: stored.fromObjectTypeId,
        toObjectTypeId: stored.toObjectTypeId,
        shape: stored.shape,
        status: hash[`status:${id}`] === 'Retiring' ? 'Retiring' : 'Active',
        forward: { typeId: stored.typeId, name: stored.name, label: texts.label, limit: limitOf(hash, stored.typeId) },
        inverse: {
          typeId: stored.inverseTypeId,
          name: stored.inverseName ?? stored.name,
          label: texts.inverseLabel ?? texts.label,
          limit: limitOf(hash, stored.inverseTypeId),
        },
        createdBy: stored.createdBy,
        createdAt: stored.createdAt,
      });
    } else if (prefix === 'pairLimit') {
      pairLimits.push(JSON.parse(value) as CataloguePairLimit);
    } else if (prefix === 'activated') {
      activated.push({ id, at: value });
    } else if (prefix === 'object') {
      const defined = JSON.parse(value) as Omit<CatalogueCustomObject, 'updatedAt'>;
      const changes = JSON.parse(hash[`objectChanges:${id}`] ?? '{}') as Partial<CatalogueCustomObject>;
      customObjects.push({ ...defined, updatedAt: defined.definedAt, ...changes });
    }
  }
  return {
    provisioned: hash.provisioned !== undefined,
    activated: activated.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).map((a) => a.id),
    customObjects: customObjects.sort((a, b) => objectNumber(a.objectTypeId) - objectNumber(b.objectTypeId)),
    labels: labels.sort((a, b) => a.forward.typeId - b.forward.typeId),
    pairLimits: pairLimits.sort((a, b) => a.typeId - b.typeId),
  };
}
