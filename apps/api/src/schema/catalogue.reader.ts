import { Inject, Injectable } from '@nestjs/common';
import {
  READ_MODEL_STORE,
  catalogueObjectTypes,
  labelCatalogueKey,
  labelCatalogueProjection,
  toLabelCatalogue,
  type LabelCatalogue,
  type ReadModelStore,
} from '@app/read-models';
import { resolveObjectType } from '@app/domain';

/** The query side's view of an account's association types: the label catalogue projection (DESIGN.md §8). */
@Injectable()
export class CatalogueReader {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async read(accountId: string): Promise<LabelCatalogue> {
    const projection = labelCatalogueProjection.name;
    const generation = await this.readModels.activeGeneration(projection);
    return toLabelCatalogue(await this.readModels.hgetall({ projection, generation }, labelCatalogueKey(accountId)));
  }

  /** Resolves a path's object type name (plural, singular, type id, fully-qualified name) against the catalogue. */
  resolveObjectType(catalogue: LabelCatalogue, pathName: string): string {
    return resolveObjectType(pathName, catalogueObjectTypes(catalogue));
  }
}
