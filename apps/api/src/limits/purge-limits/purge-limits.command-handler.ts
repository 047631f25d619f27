import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../../commands/command-executor';
import { AssociationLimitWriter } from '../association-limit.writer';
import { PurgeLimitsCommand } from './purge-limits.command';

/**
 * POST …/configurations/{from}/{to}/batch/purge. HubSpot answers it 204 with no body, so there is no room for
 * item errors: every input is checked first and the first bad one fails the request (400) before anything is purged.
 * Purging a type with no custom limit changes nothing.
 */
@CommandHandler(PurgeLimitsCommand)
export class PurgeLimitsCommandHandler implements ICommandHandler<PurgeLimitsCommand> {
  constructor(private readonly limits: AssociationLimitWriter) {}

  async execute({ context, fromObjectType, toObjectType, inputs }: PurgeLimitsCommand): Promise<CommandOutcome<void>> {
    const { from, to } = await this.limits.resolvePair(context, fromObjectType, toObjectType);
    for (const input of inputs) await this.limits.assertPurgeable(context, from, to, input);
    let position = 0n;
    for (const [index, input] of inputs.entries()) {
      const outcome = await this.limits.purge(context, from, to, input, `input-${index}`);
      if (outcome.position > position) position = outcome.position;
    }
    return { position, result: undefined };
  }
}
