import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';

export class DeleteLabelCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly typeId: number,
  ) {
    super();
  }
}
