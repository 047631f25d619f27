import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  accountSchemaDecider,
  accountSchemaStream,
  labelDecider,
  labelStream,
  type LabelRef,
} from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { labelOfPair } from '../label-pair';
import { DeleteLabelCommand } from './delete-label.command';
import { labelInUseError } from './label-in-use.error';
import { LabelUsageReader } from './label-usage.reader';

/**
 * DELETE …/{from}/{to}/labels/{typeId}: the two-phase delete of DESIGN.md §6. `LabelRetiring` first — from then on
 * new uses of the label fail their check on its stream — then, once the usage projection has passed that event, the
 * label is deleted if nothing uses it (and unregistered from the schema, freeing its slot and names), or goes back
 * to active with the where-used counts. A label left retiring by a crash is finished by the next delete request.
 */
@CommandHandler(DeleteLabelCommand)
export class DeleteLabelCommandHandler implements ICommandHandler<DeleteLabelCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
    private readonly usage: LabelUsageReader,
  ) {}

  async execute({ context, fromObjectType, toObjectType, typeId }: DeleteLabelCommand): Promise<CommandOutcome<void>> {
    const retired = await this.executor.execute(
      context,
      async () => {
        const schema = await this.schemas.loadProvisioned(context);
        const from = this.schemas.resolveObjectType(schema.state, fromObjectType);
        const to = this.schemas.resolveObjectType(schema.state, toObjectType);
        const ref = labelOfPair(schema.state, from, to, typeId, 'delete');
        const label = await this.schemas.loadLabel(context.accountId, ref.labelId);
        // Already retiring: an earlier delete stopped half-way; this one completes it.
        const events =
          label.state.status === 'Retiring'
            ? []
            : labelDecider.decide(
                { type: 'RetireLabel', data: { labelId: ref.labelId }, metadata: context },
                label.state,
              );
        const stream = labelStream(context.accountId, ref.labelId);
        return { writes: [{ stream, expected: label.revision ?? 'no_stream', events }], result: ref };
      },
      'retire',
    );
    return this.complete(context, retired.result, retired.position);
  }

  private async complete(context: CommandContext, ref: LabelRef, retiredAt: bigint): Promise<CommandOutcome<void>> {
    const typeIds = [...new Set([ref.typeId, ref.inverseTypeId])];
    const usage = await this.usage.usageAfter(context.accountId, typeIds, retiredAt);
    const outcome = await this.executor.execute(
      context,
      async () => {
        const schema = await this.schemas.load(context.accountId);
        const label = await this.schemas.loadLabel(context.accountId, ref.labelId);
        const labelId = ref.labelId;
        const events = labelDecider.decide(
          usage === undefined
            ? {
                type: 'CancelLabelRetirement',
                data: { labelId, reason: 'usage projection lagging' },
                metadata: context,
              }
            : { type: 'CompleteLabelRetirement', data: { labelId, usage }, metadata: context },
          label.state,
        );
        const deleted = events.some((e) => e.type === 'LabelDeleted');
        const unregistered = deleted
          ? accountSchemaDecider.decide(
              { type: 'UnregisterLabel', data: { labelId }, metadata: context },
              schema.state.labels,
            )
          : [];
        return {
          writes: [
            { stream: labelStream(context.accountId, labelId), expected: label.revision ?? 'no_stream', events },
            {
              stream: accountSchemaStream(context.accountId),
              expected: schema.revision ?? 'no_stream',
              events: unregistered,
            },
          ],
          result: { events, state: label.state },
        };
      },
      'complete',
    );
    const cancelled = outcome.result.events.find((e) => e.type === 'LabelRetirementCancelled');
    if (cancelled?.type === 'LabelRetirementCancelled') {
      if (cancelled.data.usage === null) {
        throw new DomainError(
          'LABEL_USAGE_UNKNOWN',
          `Label ${typeIds.join('/')} was not deleted: its usage could not be established in time; retry later`,
          { typeIds },
        );
      }
      throw labelInUseError(outcome.result.state, typeIds, cancelled.data.usage);
    }
    return { position: outcome.position, result: undefined };
  }
}
