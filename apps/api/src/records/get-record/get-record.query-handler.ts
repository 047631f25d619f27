import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toSimplePublicObject } from '../record.mapper';
import type { SimplePublicObjectDto } from '../record.response.dto';
import { recordKeyOf, recordNotFound } from '../record-target';
import { RecordsReader } from '../records.reader';
import { GetRecordQuery } from './get-record.query';

@QueryHandler(GetRecordQuery)
export class GetRecordQueryHandler implements IQueryHandler<GetRecordQuery> {
  constructor(private readonly records: RecordsReader) {}

  async execute({
    accountId,
    objectType,
    id,
    idProperty,
    properties,
    archived,
  }: GetRecordQuery): Promise<SimplePublicObjectDto> {
    const objectTypeId = await this.records.resolveObjectType(accountId, objectType);
    const record = await this.records.read(accountId, objectTypeId, recordKeyOf(objectTypeId, id, idProperty));
    // `archived=true` asks for archived records only, as HubSpot's does.
    if (record === undefined || record.archived !== archived) throw recordNotFound(objectTypeId, id);
    return toSimplePublicObject(record, objectTypeId, { kind: 'requested', names: properties });
  }
}
