import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { ConfiguredLimit } from '../association-limit.writer';
import type { LimitConfigurationInputDto } from '../create-limits/create-limits.request.dto';
import type { BatchOutcome } from '../../commands/command-batch';

/** Changes limits that are configured already. */
export class UpdateLimitsCommand extends Command<CommandOutcome<BatchOutcome<ConfiguredLimit>>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly inputs: readonly LimitConfigurationInputDto[],
  ) {
    super();
  }
}
