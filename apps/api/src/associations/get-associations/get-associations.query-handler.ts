import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_STORE,
  associationTypesBetween,
  associationsProjection,
  readAssociationsPage,
  type ReadModelStore,
} from '@app/read-models';
import { isRecordId } from '../../records/record-input';
import { CatalogueReader } from '../../schema/catalogue.reader';
import type { MultiAssociatedObjectPageDto } from '../associations.response.dto';
import { GetAssociationsQuery } from './get-associations.query';

/** A page of a record's associated records of one type, with each pair's types as the catalogue names them. */
@QueryHandler(GetAssociationsQuery)
export class GetAssociationsQueryHandler implements IQueryHandler<GetAssociationsQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
  ) {}

  async execute(query: GetAssociationsQuery): Promise<MultiAssociatedObjectPageDto> {
    const { accountId, objectId, limit, after } = query;
    const catalogue = await this.catalogue.read(accountId);
    const from = this.catalogue.resolveObjectType(catalogue, query.objectType);
    const to = this.catalogue.resolveObjectType(catalogue, query.toObjectType);
    if (!isRecordId(objectId)) return { results: [] };
    const types = new Map(associationTypesBetween(catalogue, from, to).map((t) => [t.typeId, t]));
    const projection = associationsProjection.name;
    const ns = { projection, generation: await this.readModels.activeGeneration(projection) };
    const page = await readAssociationsPage(this.readModels, ns, accountId, from, objectId, to, {
      limit,
      ...(after !== undefined && { after }),
    });
    const results = page.results.map(({ toObjectId, typeIds }) => ({
      toObjectId: Number(toObjectId),
      associationTypes: typeIds.flatMap((typeId) => {
        const type = types.get(typeId);
        return type ? [{ category: type.category, typeId, label: type.label }] : [];
      }),
    }));
    return page.paging === undefined ? { results } : { results, paging: page.paging };
  }
}
