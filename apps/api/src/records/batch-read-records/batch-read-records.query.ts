import { Query } from '@nestjs/cqrs';
import type { BatchItemError } from '../../commands/command-batch';
import type { ReadRecordsRequest } from '../record-batch.input';
import type { SimplePublicObjectDto } from '../record.response.dto';

export interface BatchReadRecordsResult {
  results: SimplePublicObjectDto[];
  errors: BatchItemError[];
}

/** POST /crm/v3/objects/{objectType}/batch/read: records by id or unique value, live (or with `archived` archived). */
export class BatchReadRecordsQuery extends Query<BatchReadRecordsResult> {
  constructor(
    readonly accountId: string,
    readonly objectType: string,
    readonly request: ReadRecordsRequest,
    readonly archived: boolean,
  ) {
    super();
  }
}
