import { Command } from '@nestjs/cqrs';
import type { RecordView } from '@app/read-models';
import type { BatchOutcome } from '../../commands/command-batch';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { UpdateRecordInput } from '../record-batch.input';

export interface UpsertedRecord {
  objectTypeId: string;
  record: RecordView;
  /** True when the input created the record, false when it updated the record holding the value. */
  created: boolean;
  objectWriteTraceId?: string;
}

/** POST /crm/v3/objects/{objectType}/batch/upsert: each input names its record by a unique property's value. */
export class BatchUpsertRecordsCommand extends Command<CommandOutcome<BatchOutcome<UpsertedRecord>>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly inputs: readonly (UpdateRecordInput & { idProperty: string })[],
  ) {
    super();
  }
}
