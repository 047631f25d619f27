import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { batchItemError } from '../../associations/association-batch';
import { objectsNotFound } from '../record-batch';
import { toSimplePublicObject } from '../record.mapper';
import type { SimplePublicObjectDto } from '../record.response.dto';
import { recordKeyOf } from '../record-target';
import { RecordsReader } from '../records.reader';
import { BatchReadRecordsQuery, type BatchReadRecordsResult } from './batch-read-records.query';

/**
 * Each input as GET /crm/v3/objects/{objectType}/{id} reads it, from the records projection, in input order. Ids
 * that name no record (or, with `archived`, no archived one) are named together in one OBJECT_NOT_FOUND error (207),
 * as HubSpot does. `propertiesWithHistory` is accepted; the records projection keeps no per-property history, so
 * none is answered.
 */
@QueryHandler(BatchReadRecordsQuery)
export class BatchReadRecordsQueryHandler implements IQueryHandler<BatchReadRecordsQuery> {
  constructor(private readonly records: RecordsReader) {}

  async execute({ accountId, objectType, request, archived }: BatchReadRecordsQuery): Promise<BatchReadRecordsResult> {
    const objectTypeId = await this.records.resolveObjectType(accountId, objectType);
    // A bad idProperty is the request's problem: refused whole before anything is read.
    const ids = [...new Set(request.ids)];
    const keys = ids.map((id) => recordKeyOf(objectTypeId, id, request.idProperty));
    const read = await Promise.all(keys.map((key) => this.records.read(accountId, objectTypeId, key)));
    const results: SimplePublicObjectDto[] = [];
    const seen = new Set<string>();
    const missing: string[] = [];
    for (const [index, record] of read.entries()) {
      if (record === undefined || record.archived !== archived) missing.push(ids[index]!);
      else if (!seen.has(record.id)) {
        seen.add(record.id);
        results.push(toSimplePublicObject(record, objectTypeId, { kind: 'requested', names: request.properties }));
      }
    }
    const errors = missing.length === 0 ? [] : [batchItemError(objectsNotFound(objectTypeId, missing), {})];
    return { results, errors };
  }
}
