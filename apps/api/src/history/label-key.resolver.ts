import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import {
  READ_MODEL_STORE,
  accountAssociationTypes,
  labelHistoryProjection,
  labelIdOfTypeId,
  type AssociationTypeView,
  type LabelCatalogue,
  type Namespace,
  type ReadModelStore,
} from '@app/read-models';
import { CatalogueReader } from '../schema/catalogue.reader';

/** The optional object types that narrow an internal name (path names or ids, as the labels routes take them). */
export interface LabelKeyPair {
  fromObjectType?: string;
  toObjectType?: string;
}

/** What a `{typeIdOrName}` names: a live association type, or a typeId whose label was deleted. */
export type ResolvedLabelKey =
  | { kind: 'live'; catalogue: LabelCatalogue; types: AssociationTypeView[]; type: AssociationTypeView }
  | { kind: 'deleted'; typeId: number; labelId: string };

const TYPE_ID = /^\d{1,15}$/;

/**
 * Stable keys (DESIGN.md §3): a native route's `{typeIdOrName}` is a typeId or an internal name. Names match the
 * catalogue's association types case-insensitively (custom labels' forward and inverse names, HubSpot's names such
 * as `contact_to_company`); names are unique per object pair only, so `fromObjectType`/`toObjectType` narrow them.
 * A typeId that is no longer in the catalogue is looked up in the history's typeId index: its label was deleted.
 */
@Injectable()
export class LabelKeyResolver {
  constructor(
    private readonly catalogues: CatalogueReader,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /** The live association type a key names; a deleted label's typeId is LABEL_DELETED (404). */
  async resolveLive(accountId: string, key: string, pair: LabelKeyPair = {}): Promise<AssociationTypeView> {
    const resolved = await this.resolve(accountId, key, pair);
    if (resolved.kind === 'deleted') {
      throw new DomainError('LABEL_DELETED', `Association type ${resolved.typeId} was deleted`, {
        typeId: resolved.typeId,
      });
    }
    return resolved.type;
  }

  async resolve(accountId: string, key: string, pair: LabelKeyPair = {}): Promise<ResolvedLabelKey> {
    const catalogue = await this.catalogues.read(accountId);
    const from = pair.fromObjectType ? this.catalogues.resolveObjectType(catalogue, pair.fromObjectType) : undefined;
    const to = pair.toObjectType ? this.catalogues.resolveObjectType(catalogue, pair.toObjectType) : undefined;
    const types = accountAssociationTypes(catalogue);
    const inDirection = (t: AssociationTypeView) =>
      (!from || t.fromObjectTypeId === from) && (!to || t.toObjectTypeId === to);

    if (TYPE_ID.test(key)) {
      const typeId = Number(key);
      const type = types.find((t) => t.typeId === typeId);
      if (type) {
        if (!inDirection(type)) throw wrongDirection(type, from, to);
        return { kind: 'live', catalogue, types, type };
      }
      const labelId = await labelIdOfTypeId(this.readModels, await this.historyNamespace(), accountId, typeId);
      if (labelId !== undefined) return { kind: 'deleted', typeId, labelId };
      throw new DomainError('LABEL_NOT_FOUND', `Association type ${typeId} does not exist in this account`, { typeId });
    }

    const name = key.toLowerCase();
    const named = types.filter((t) => t.name.toLowerCase() === name);
    const matches = named.filter(inDirection);
    // A single label between two object types has one name for both of its typeIds: that is one label, not two.
    const byLabel = new Map<string, AssociationTypeView>();
    for (const t of matches) if (!byLabel.has(labelKey(t))) byLabel.set(labelKey(t), t);
    const candidates = [...byLabel.values()];
    if (candidates.length === 1) return { kind: 'live', catalogue, types, type: candidates[0]! };
    if (candidates.length === 0) {
      const narrowed = named.length > 0 ? ` from ${from ?? 'any object type'} to ${to ?? 'any object type'}` : '';
      throw new DomainError('LABEL_NOT_FOUND', `No association type named "${key}"${narrowed}`, {
        name: key,
        ...(from ? { fromObjectTypeId: from } : {}),
        ...(to ? { toObjectTypeId: to } : {}),
      });
    }
    const described = candidates.map((t) => `${t.typeId} (${t.fromObjectTypeId} → ${t.toObjectTypeId})`);
    throw new DomainError(
      'LABEL_NAME_AMBIGUOUS',
      `Internal name "${key}" names ${candidates.length} labels: ${described.join(', ')}; ` +
        'pass fromObjectType and toObjectType to choose one, or use a typeId',
      {
        name: key,
        candidates: candidates.map(({ typeId, fromObjectTypeId, toObjectTypeId }) => ({
          typeId,
          fromObjectTypeId,
          toObjectTypeId,
        })),
      },
    );
  }

  async historyNamespace(): Promise<Namespace> {
    const projection = labelHistoryProjection.name;
    return { projection, generation: await this.readModels.activeGeneration(projection) };
  }
}

const labelKey = (t: AssociationTypeView): string => t.labelId ?? `type:${t.typeId}`;

function wrongDirection(type: AssociationTypeView, from: string | undefined, to: string | undefined): DomainError {
  return new DomainError(
    'ASSOCIATION_TYPE_DIRECTION_MISMATCH',
    `Association type ${type.typeId} goes ${type.fromObjectTypeId} → ${type.toObjectTypeId}, ` +
      `not ${from ?? 'any object type'} → ${to ?? 'any object type'}`,
    { typeId: type.typeId, fromObjectTypeId: type.fromObjectTypeId, toObjectTypeId: type.toObjectTypeId },
  );
}
