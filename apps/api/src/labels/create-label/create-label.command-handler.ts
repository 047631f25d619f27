import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountSchemaDecider, accountSchemaStream, labelDecider, labelStream, type LabelSpec } from '@app/domain';
import { deterministicEventId } from '@app/event-store';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { CreateLabelCommand, type CreatedLabel } from './create-label.command';

/** POST …/{from}/{to}/labels: registers the label on the schema stream and creates its stream, atomically. */
@CommandHandler(CreateLabelCommand)
export class CreateLabelCommandHandler implements ICommandHandler<CreateLabelCommand> {
  private readonly logger = new Logger(CreateLabelCommandHandler.name);

  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    fromObjectType,
    toObjectType,
    request,
  }: CreateLabelCommand): Promise<CommandOutcome<CreatedLabel>> {
    const { accountId } = context;
    // Derived from the command id: a retried request (same Idempotency-Key) finds its label already registered.
    const labelId = deterministicEventId(context.commandId, 'label');
    const outcome = await this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const from = this.schemas.resolveObjectType(schema.state, fromObjectType);
      const to = this.schemas.resolveObjectType(schema.state, toObjectType);
      const spec: LabelSpec =
        request.inverseLabel === undefined
          ? { shape: 'single', name: request.name, label: request.label }
          : {
              shape: 'paired',
              name: request.name,
              label: request.label,
              inverseName: request.inverseName ?? `${request.name}_inverse`,
              inverseLabel: request.inverseLabel,
            };
      const metadata = context;
      const registered = accountSchemaDecider.decide(
        { type: 'RegisterLabel', data: { labelId, fromObjectTypeId: from, toObjectTypeId: to, ...spec }, metadata },
        schema.state.labels,
      );
      const registration = registered[0]?.data ?? schema.state.labels.labels[labelId]!;
      const { typeId, inverseTypeId } = registration;
      const label = await this.schemas.loadLabel(accountId, labelId);
      const created = labelDecider.decide(
        {
          type: 'CreateLabel',
          data: { labelId, fromObjectTypeId: from, toObjectTypeId: to, typeId, inverseTypeId, ...spec },
          metadata,
        },
        label.state,
      );
      const warnings = created.flatMap((e) => (e.type === 'LabelCreated' ? e.data.warnings : []));
      const types = [{ category: 'USER_DEFINED' as const, typeId, label: spec.label }];
      if (inverseTypeId !== typeId) {
        const inverseLabel = spec.shape === 'paired' ? spec.inverseLabel : spec.label;
        types.push({ category: 'USER_DEFINED', typeId: inverseTypeId, label: inverseLabel });
      }
      return {
        writes: [
          { stream: accountSchemaStream(accountId), expected: schema.revision ?? 'no_stream', events: registered },
          { stream: labelStream(accountId, labelId), expected: label.revision ?? 'no_stream', events: created },
        ],
        result: { types, warnings },
      };
    });
    for (const warning of outcome.result.warnings) this.logger.warn(`Label ${labelId}: ${warning}`);
    return outcome;
  }
}
