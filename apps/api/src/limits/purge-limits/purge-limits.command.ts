import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { PurgeLimitInputDto } from './purge-limits.request.dto';

/** Puts limits back to the default, "many". */
export class PurgeLimitsCommand extends Command<CommandOutcome<void>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly inputs: readonly PurgeLimitInputDto[],
  ) {
    super();
  }
}
