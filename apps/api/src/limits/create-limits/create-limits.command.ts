import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/command-executor';
import type { ConfiguredLimit } from '../association-limit.writer';
import type { BatchOutcome } from '../../commands/command-batch';
import type { LimitConfigurationInputDto } from './create-limits.request.dto';

/** Configures limits of types that have none (or the same one: a retry). */
export class CreateLimitsCommand extends Command<CommandOutcome<BatchOutcome<ConfiguredLimit>>> {
  constructor(
    readonly context: CommandContext,
    readonly fromObjectType: string,
    readonly toObjectType: string,
    readonly inputs: readonly LimitConfigurationInputDto[],
  ) {
    super();
  }
}
