import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

/** POST /crm/v3/objects/{objectType}/batch/archive (204): each id is the single DELETE, as its own command. */
export class BatchArchiveRecordsCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly objectType: string,
    readonly ids: readonly string[],
  ) {
    super();
  }
}
