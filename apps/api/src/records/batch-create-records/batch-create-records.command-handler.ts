import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertWritableRecordProperties } from '@app/domain';
import { runBatch, type BatchOutcome } from '../../commands/command-batch';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { CreateRecordCommand } from '../create-record/create-record.command';
import { resolveCreateAssociations } from '../create-record/record-associations';
import { inputContext, recordItemError } from '../record-batch';
import { recordTypeOf } from '../record-target';
import { BatchCreateRecordsCommand, type BatchCreatedRecord } from './batch-create-records.command';

/**
 * Each input is POST /crm/v3/objects/{objectType} as its own command, one after the other. What no input can fix
 * (an unknown object type, a read-only or undeclared property, an association type that does not leave the type)
 * refuses the request before anything is written; what one input runs into (its unique value taken, an association
 * target gone) is that input's error (207) and the others are created.
 */
@CommandHandler(BatchCreateRecordsCommand)
export class BatchCreateRecordsCommandHandler implements ICommandHandler<BatchCreateRecordsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    objectType,
    inputs,
  }: BatchCreateRecordsCommand): Promise<CommandOutcome<BatchOutcome<BatchCreatedRecord>>> {
    const schema = await this.schemas.loadProvisioned(context);
    const { objectTypeId, declared } = recordTypeOf(this.schemas, schema.state, objectType);
    for (const input of inputs) {
      assertWritableRecordProperties(objectTypeId, Object.keys(input.properties), declared);
      resolveCreateAssociations(schema.state, objectTypeId, input.associations);
    }
    return runBatch(this.executor, context, inputs, recordItemError, async (input, step) => {
      const { position, result } = await this.commands.execute(
        new CreateRecordCommand(inputContext(context, step), objectType, input.properties, input.associations),
      );
      const { objectWriteTraceId } = input;
      return { position, result: objectWriteTraceId === undefined ? result : { ...result, objectWriteTraceId } };
    });
  }
}
