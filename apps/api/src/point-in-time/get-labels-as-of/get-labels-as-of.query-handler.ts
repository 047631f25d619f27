import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_STORE,
  associationTypesBetween,
  readPairLabelsAt,
  type AssociationTypeView,
  type ReadModelStore,
} from '@app/read-models';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { AsOfResolver } from '../as-of.resolver';
import { GetLabelsAsOfQuery } from './get-labels-as-of.query';

/**
 * The v4 labels GET as it answered at a moment: HubSpot-defined types (fixed) and the custom labels that existed
 * then, with their texts then. Object types resolve against today's catalogue.
 */
@QueryHandler(GetLabelsAsOfQuery)
export class GetLabelsAsOfQueryHandler implements IQueryHandler<GetLabelsAsOfQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly catalogue: CatalogueReader,
    private readonly asOf: AsOfResolver,
  ) {}

  async execute(query: GetLabelsAsOfQuery): Promise<AssociationTypeView[]> {
    const { accountId } = query;
    const catalogue = await this.catalogue.read(accountId);
    const from = this.catalogue.resolveObjectType(catalogue, query.fromObjectType);
    const to = this.catalogue.resolveObjectType(catalogue, query.toObjectType);
    const ns = await this.asOf.namespace();
    const position = await this.asOf.resolve(accountId, query.asOf, ns);
    const labels = await readPairLabelsAt(this.readModels, ns, accountId, from, to, position);
    return associationTypesBetween({ ...catalogue, labels }, from, to);
  }
}
