import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { labelDecider, labelStream } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { labelOfPair } from '../label-pair';
import { RenameLabelCommand } from './rename-label.command';

/**
 * PUT …/{from}/{to}/labels: new display texts. `label` is the text of the given typeId's direction, `inverseLabel`
 * the other direction's, so a paired label can be renamed through either of its typeIds.
 */
@CommandHandler(RenameLabelCommand)
export class RenameLabelCommandHandler implements ICommandHandler<RenameLabelCommand> {
  private readonly logger = new Logger(RenameLabelCommandHandler.name);

  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    fromObjectType,
    toObjectType,
    request,
  }: RenameLabelCommand): Promise<CommandOutcome<{ warnings: string[] }>> {
    const outcome = await this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const from = this.schemas.resolveObjectType(schema.state, fromObjectType);
      const to = this.schemas.resolveObjectType(schema.state, toObjectType);
      const ref = labelOfPair(schema.state, from, to, request.associationTypeId, 'rename');
      const loaded = await this.schemas.loadLabel(context.accountId, ref.labelId);
      // A single label has one text for both directions, whichever typeId names it.
      const single = loaded.state.status !== 'NotCreated' && loaded.state.label.shape === 'single';
      const viaInverse = !single && request.associationTypeId !== ref.typeId;
      const current = loaded.state.status === 'NotCreated' ? undefined : loaded.state.label;
      const data = viaInverse
        ? {
            labelId: ref.labelId,
            label: request.inverseLabel ?? current?.forward.label ?? request.label,
            inverseLabel: request.label,
          }
        : { labelId: ref.labelId, label: request.label, inverseLabel: request.inverseLabel };
      if (data.inverseLabel === undefined) delete data.inverseLabel;
      const events = labelDecider.decide({ type: 'RenameLabel', data, metadata: context }, loaded.state);
      const warnings = events.flatMap((e) => (e.type === 'LabelRenamed' ? e.data.warnings : []));
      const stream = labelStream(context.accountId, ref.labelId);
      return { writes: [{ stream, expected: loaded.revision ?? 'no_stream', events }], result: { warnings } };
    });
    for (const warning of outcome.result.warnings) this.logger.warn(warning);
    return outcome;
  }
}
