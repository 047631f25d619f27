import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export interface ErasedRecord {
  objectTypeId: string;
  recordId: string;
  erasedAt: string;
}

export class EraseRecordCommand extends Command<CommandOutcome<ErasedRecord>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly id: string,
    /** email (contacts), domain (companies) or hs_object_id; the id when undefined. */
    readonly idProperty: string | undefined,
    readonly reason: string,
  ) {
    super();
  }
}
