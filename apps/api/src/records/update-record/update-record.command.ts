import { Command } from '@nestjs/cqrs';
import type { RecordView } from '@app/read-models';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export interface UpdatedRecord {
  objectTypeId: string;
  record: RecordView;
}

export class UpdateRecordCommand extends Command<CommandOutcome<UpdatedRecord>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly id: string,
    readonly idProperty: string | undefined,
    readonly properties: Readonly<Record<string, string | null>>,
  ) {
    super();
  }
}
