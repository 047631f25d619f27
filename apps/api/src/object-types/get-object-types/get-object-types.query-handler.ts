import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { catalogueObjectTypes } from '@app/read-models';
import { CatalogueReader } from '../../schema/catalogue.reader';
import type { AvailableObjectTypeDto } from '../object-schema.response.dto';
import { GetObjectTypesQuery } from './get-object-types.query';

@QueryHandler(GetObjectTypesQuery)
export class GetObjectTypesQueryHandler implements IQueryHandler<GetObjectTypesQuery> {
  constructor(private readonly catalogue: CatalogueReader) {}

  async execute({ accountId }: GetObjectTypesQuery): Promise<AvailableObjectTypeDto[]> {
    const types = catalogueObjectTypes(await this.catalogue.read(accountId));
    return types.map((type) => ({ ...type }));
  }
}
