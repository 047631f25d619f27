import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { catalogueObjectTypes } from '@app/read-models';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { resolveCustomObjectType } from '../custom-object-path';
import { fromCatalogue, toObjectSchema } from '../object-schema.mapper';
import type { ObjectSchemaDto } from '../object-schema.response.dto';
import { GetCustomObjectQuery, GetCustomObjectsQuery } from './get-custom-objects.query';

@QueryHandler(GetCustomObjectsQuery)
export class GetCustomObjectsQueryHandler implements IQueryHandler<GetCustomObjectsQuery> {
  constructor(private readonly catalogue: CatalogueReader) {}

  async execute({ accountId }: GetCustomObjectsQuery): Promise<ObjectSchemaDto[]> {
    const catalogue = await this.catalogue.read(accountId);
    const types = catalogueObjectTypes(catalogue);
    return catalogue.customObjects.map((object) => toObjectSchema(fromCatalogue(object), accountId, types));
  }
}

@QueryHandler(GetCustomObjectQuery)
export class GetCustomObjectQueryHandler implements IQueryHandler<GetCustomObjectQuery> {
  constructor(private readonly catalogue: CatalogueReader) {}

  async execute({ accountId, objectType }: GetCustomObjectQuery): Promise<ObjectSchemaDto> {
    const catalogue = await this.catalogue.read(accountId);
    const types = catalogueObjectTypes(catalogue);
    const { objectTypeId } = resolveCustomObjectType(objectType, types);
    const object = catalogue.customObjects.find((o) => o.objectTypeId === objectTypeId)!;
    return toObjectSchema(fromCatalogue(object), accountId, types);
  }
}
