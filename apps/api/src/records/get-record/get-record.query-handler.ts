import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toSimplePublicObject } from '../record.mapper';
import type { SimplePublicObjectDto } from '../record.response.dto';
import { recordKeyOf, recordNotFound } from '../record-target';
import { RecordAssociationsReader } from '../record-associations.reader';
import { RecordsReader } from '../records.reader';
import { GetRecordQuery } from './get-record.query';

@QueryHandler(GetRecordQuery)
export class GetRecordQueryHandler implements IQueryHandler<GetRecordQuery> {
  constructor(
    private readonly records: RecordsReader,
    private readonly associationsReader: RecordAssociationsReader,
  ) {}

  async execute({
    accountId,
    objectType,
    id,
    idProperty,
    properties,
    archived,
    associations,
  }: GetRecordQuery): Promise<SimplePublicObjectDto> {
    const objectTypeId = await this.records.resolveObjectType(accountId, objectType);
    const request = await this.associationsReader.request(accountId, objectTypeId, associations);
    const record = await this.records.read(accountId, objectTypeId, recordKeyOf(objectTypeId, id, idProperty));
    // `archived=true` asks for archived records only, as HubSpot's does.
    if (record === undefined || record.archived !== archived) throw recordNotFound(objectTypeId, id);
    const dto = toSimplePublicObject(record, objectTypeId, { kind: 'requested', names: properties });
    const associated = await this.associationsReader.read(accountId, record.id, request);
    return associated === undefined ? dto : { ...dto, associations: associated };
  }
}
