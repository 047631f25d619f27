import { Command } from '@nestjs/cqrs';
import type { RecordView } from '@app/read-models';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { CreateAssociationInput } from './record-associations';

export interface CreatedRecord {
  objectTypeId: string;
  record: RecordView;
}

export class CreateRecordCommand extends Command<CommandOutcome<CreatedRecord>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly properties: Readonly<Record<string, string>>,
    /** Applied after the record is created, each with the labeled PUT's set semantics. */
    readonly associations: readonly CreateAssociationInput[] = [],
  ) {
    super();
  }
}
