import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { associationTypesBetween, type AssociationTypeView } from '@app/read-models';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { GetLabelsQuery } from './get-labels.query';

@QueryHandler(GetLabelsQuery)
export class GetLabelsQueryHandler implements IQueryHandler<GetLabelsQuery> {
  constructor(private readonly catalogue: CatalogueReader) {}

  async execute({ accountId, fromObjectType, toObjectType }: GetLabelsQuery): Promise<AssociationTypeView[]> {
    const catalogue = await this.catalogue.read(accountId);
    const from = this.catalogue.resolveObjectType(catalogue, fromObjectType);
    const to = this.catalogue.resolveObjectType(catalogue, toObjectType);
    return associationTypesBetween(catalogue, from, to);
  }
}
