import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export class DeleteCustomObjectCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    /** `2-<n>` or the fully-qualified name, as the path gives it. */
    readonly objectType: string,
  ) {
    super();
  }
}
