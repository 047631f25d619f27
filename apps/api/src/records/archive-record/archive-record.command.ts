import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export class ArchiveRecordCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly id: string,
  ) {
    super();
  }
}
