import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { RenameLabelRequestDto } from './rename-label.request.dto';

export class RenameLabelCommand extends Command<CommandOutcome<{ warnings: string[] }>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly request: RenameLabelRequestDto,
  ) {
    super();
  }
}
