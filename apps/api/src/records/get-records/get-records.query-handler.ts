import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toSimplePublicObject } from '../record.mapper';
import type { SimplePublicObjectPageDto } from '../record.response.dto';
import { RecordsReader } from '../records.reader';
import { GetRecordsQuery } from './get-records.query';

@QueryHandler(GetRecordsQuery)
export class GetRecordsQueryHandler implements IQueryHandler<GetRecordsQuery> {
  constructor(private readonly records: RecordsReader) {}

  async execute({
    accountId,
    objectType,
    limit,
    after,
    properties,
    archived,
  }: GetRecordsQuery): Promise<SimplePublicObjectPageDto> {
    const objectTypeId = await this.records.resolveObjectType(accountId, objectType);
    const page = await this.records.page(accountId, objectTypeId, { limit, after, archived });
    const results = page.results.map((r) =>
      toSimplePublicObject(r, objectTypeId, { kind: 'requested', names: properties }),
    );
    return page.paging === undefined ? { results } : { results, paging: page.paging };
  }
}
