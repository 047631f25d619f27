import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AssociationLimitWriter, type ConfiguredLimit } from '../association-limit.writer';
import { runBatch, type BatchOutcome } from '../../commands/command-batch';
import { limitItemError } from '../limit-batch';
import { CreateLimitsCommand } from './create-limits.command';

/** POST …/configurations/{from}/{to}/batch/create: each input its own command; broken rules fail that input. */
@CommandHandler(CreateLimitsCommand)
export class CreateLimitsCommandHandler implements ICommandHandler<CreateLimitsCommand> {
  constructor(
    private readonly limits: AssociationLimitWriter,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    fromObjectType,
    toObjectType,
    inputs,
  }: CreateLimitsCommand): Promise<CommandOutcome<BatchOutcome<ConfiguredLimit>>> {
    const { from, to } = await this.limits.resolvePair(context, fromObjectType, toObjectType);
    return runBatch(this.executor, context, inputs, limitItemError, (input, step) =>
      this.limits.set(context, from, to, input, 'create', step),
    );
  }
}
