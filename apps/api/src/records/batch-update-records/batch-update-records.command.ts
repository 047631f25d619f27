import { Command } from '@nestjs/cqrs';
import type { BatchOutcome } from '../../commands/command-batch';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { UpdateRecordInput } from '../record-batch.input';
import type { UpdatedRecord } from '../update-record/update-record.command';

export type BatchUpdatedRecord = UpdatedRecord & { objectWriteTraceId?: string };

/** POST /crm/v3/objects/{objectType}/batch/update: each input is the single PATCH, as its own command. */
export class BatchUpdateRecordsCommand extends Command<CommandOutcome<BatchOutcome<BatchUpdatedRecord>>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly inputs: readonly UpdateRecordInput[],
  ) {
    super();
  }
}
