import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toSimplePublicObject } from '../record.mapper';
import type { SimplePublicObjectPageDto } from '../record.response.dto';
import { RecordAssociationsReader } from '../record-associations.reader';
import { RecordsReader } from '../records.reader';
import { GetRecordsQuery } from './get-records.query';

@QueryHandler(GetRecordsQuery)
export class GetRecordsQueryHandler implements IQueryHandler<GetRecordsQuery> {
  constructor(
    private readonly records: RecordsReader,
    private readonly associationsReader: RecordAssociationsReader,
  ) {}

  async execute({
    accountId,
    objectType,
    limit,
    after,
    properties,
    archived,
    associations,
  }: GetRecordsQuery): Promise<SimplePublicObjectPageDto> {
    const objectTypeId = await this.records.resolveObjectType(accountId, objectType);
    const request = await this.associationsReader.request(accountId, objectTypeId, associations);
    const page = await this.records.page(accountId, objectTypeId, { limit, after, archived });
    const results = await Promise.all(
      page.results.map(async (r) => {
        const dto = toSimplePublicObject(r, objectTypeId, { kind: 'requested', names: properties });
        const associated = await this.associationsReader.read(accountId, r.id, request);
        return associated === undefined ? dto : { ...dto, associations: associated };
      }),
    );
    return page.paging === undefined ? { results } : { results, paging: page.paging };
  }
}
