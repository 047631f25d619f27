import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { AssociationPath } from '../set-association-labels/set-association-labels.command';

export class RemoveAssociationCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly path: AssociationPath,
    /** Names a batch input, so its event ids differ. */
    readonly step = '',
  ) {
    super();
  }
}
