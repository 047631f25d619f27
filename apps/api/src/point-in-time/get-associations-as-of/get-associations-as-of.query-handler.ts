import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_STORE,
  associationTypesBetween,
  readAssociationsPageAt,
  readPairLabelsAt,
  type ReadModelStore,
} from '@app/read-models';
import type { MultiAssociatedObjectPageDto } from '../../associations/associations.response.dto';
import { isRecordId } from '../../records/record-input';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { AsOfResolver } from '../as-of.resolver';
import { GetAssociationsAsOfQuery } from './get-associations-as-of.query';

/**
 * What `GET /crm/v4/objects/{type}/{id}/associations/{toType}` answered at a moment: the page from the point-in-time
 * projection, each typeId named by the label definitions of that moment (a label renamed or deleted since shows as
 * it was). Object type names resolve against today's catalogue.
 */
@QueryHandler(GetAssociationsAsOfQuery)
export class GetAssociationsAsOfQueryHandler implements IQueryHandler<GetAssociationsAsOfQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
    private readonly asOf: AsOfResolver,
  ) {}

  async execute(query: GetAssociationsAsOfQuery): Promise<MultiAssociatedObjectPageDto> {
    const { accountId, objectId, limit, after } = query;
    const catalogue = await this.catalogue.read(accountId);
    const from = this.catalogue.resolveObjectType(catalogue, query.objectType);
    const to = this.catalogue.resolveObjectType(catalogue, query.toObjectType);
    const ns = await this.asOf.namespace();
    const position = await this.asOf.resolve(accountId, query.asOf, ns);
    if (!isRecordId(objectId)) return { results: [] };
    const [labels, page] = await Promise.all([
      readPairLabelsAt(this.readModels, ns, accountId, from, to, position),
      readAssociationsPageAt(this.readModels, ns, accountId, from, objectId, to, position, {
        limit,
        ...(after !== undefined && { after }),
      }),
    ]);
    const types = new Map(associationTypesBetween({ ...catalogue, labels }, from, to).map((t) => [t.typeId, t]));
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
