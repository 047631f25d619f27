import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ASSOCIATIONS_MAX_LIMIT } from '@app/read-models';
import { AppException } from '../../errors/app.exception';
import { afterParam, isRecordId } from '../../records/record-input';
import { RecordsReader } from '../../records/records.reader';
import { CatalogueReader } from '../../schema/catalogue.reader';
import { batchItemError } from '../association-batch';
import type { ReadInput } from '../association-batch.input';
import { GetAssociationsQuery } from '../get-associations/get-associations.query';
import {
  BatchReadAssociationsQuery,
  type AssociationsOfRecord,
  type BatchReadAssociationsResult,
} from './batch-read-associations.query';

/**
 * Each input's associated records of the path's type, read from the associations projection as the single-record
 * GET reads them (a page of up to 500, `paging` only when there are more). An id that names no record of the
 * account (or an archived one) is reported in `errors` (207); a record without associations has `to: []`.
 */
@QueryHandler(BatchReadAssociationsQuery)
export class BatchReadAssociationsQueryHandler implements IQueryHandler<BatchReadAssociationsQuery> {
  constructor(
    private readonly catalogue: CatalogueReader,
    private readonly records: RecordsReader,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: BatchReadAssociationsQuery): Promise<BatchReadAssociationsResult> {
    const { accountId, fromObjectType, toObjectType, inputs } = query;
    const catalogue = await this.catalogue.read(accountId);
    const fromObjectTypeId = this.catalogue.resolveObjectType(catalogue, fromObjectType);
    this.catalogue.resolveObjectType(catalogue, toObjectType);
    // A malformed `after` is the request's problem: refused whole before anything is read.
    const afters = inputs.map((input) => afterParam(input.after));
    const results: AssociationsOfRecord[] = [];
    const errors: BatchReadAssociationsResult['errors'] = [];
    for (const [index, input] of inputs.entries()) {
      if (!(await this.isLiveRecord(accountId, fromObjectTypeId, input))) {
        const unknown = new AppException('VALIDATION_FAILED', `No ${fromObjectType} record with id ${input.id}`, {
          code: 'RECORD_NOT_FOUND',
        });
        errors.push(batchItemError(unknown, { fromObjectId: input.id }));
        continue;
      }
      const page = await this.queries.execute(
        new GetAssociationsQuery(
          accountId,
          fromObjectType,
          input.id,
          toObjectType,
          ASSOCIATIONS_MAX_LIMIT,
          afters[index],
        ),
      );
      results.push({ from: { id: input.id }, to: page.results, ...(page.paging && { paging: page.paging }) });
    }
    return { results, errors };
  }

  private async isLiveRecord(accountId: string, objectTypeId: string, input: ReadInput): Promise<boolean> {
    if (!isRecordId(input.id)) return false;
    const record = await this.records.read(accountId, objectTypeId, { by: 'id', id: input.id });
    return record !== undefined && !record.archived;
  }
}
