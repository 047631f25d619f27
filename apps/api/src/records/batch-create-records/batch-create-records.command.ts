import { Command } from '@nestjs/cqrs';
import type { BatchOutcome } from '../../commands/command-batch';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { CreatedRecord } from '../create-record/create-record.command';
import type { CreateRecordInput } from '../record-batch.input';

export type BatchCreatedRecord = CreatedRecord & { objectWriteTraceId?: string };

/** POST /crm/v3/objects/{objectType}/batch/create: each input is the single creation, as its own command. */
export class BatchCreateRecordsCommand extends Command<CommandOutcome<BatchOutcome<BatchCreatedRecord>>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly inputs: readonly CreateRecordInput[],
  ) {
    super();
  }
}
