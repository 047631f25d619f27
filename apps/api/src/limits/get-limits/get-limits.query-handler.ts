import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { accountAssociationTypes, associationTypesBetween, type AssociationTypeView } from '@app/read-models';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { GetLimitsQuery } from './get-limits.query';

const configured = (t: AssociationTypeView): t is AssociationTypeView & { limit: number } => t.limit !== 'many';

@QueryHandler(GetLimitsQuery)
export class GetLimitsQueryHandler implements IQueryHandler<GetLimitsQuery> {
  constructor(private readonly catalogue: CatalogueReader) {}

  async execute({ accountId, direction }: GetLimitsQuery): Promise<(AssociationTypeView & { limit: number })[]> {
    const catalogue = await this.catalogue.read(accountId);
    if (!direction) return accountAssociationTypes(catalogue).filter(configured);
    const from = this.catalogue.resolveObjectType(catalogue, direction.fromObjectType);
    const to = this.catalogue.resolveObjectType(catalogue, direction.toObjectType);
    return associationTypesBetween(catalogue, from, to).filter(configured);
  }
}
