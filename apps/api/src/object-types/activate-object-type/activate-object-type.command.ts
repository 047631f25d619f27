import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export class ActivateObjectTypeCommand extends Command<CommandOutcome<{ objectTypeId: string; activated: true }>> {
  constructor(
    readonly context: CommandContext,
    /** The type id, or the singular or plural name, of an activatable object type. */
    readonly objectType: string,
  ) {
    super();
  }
}
