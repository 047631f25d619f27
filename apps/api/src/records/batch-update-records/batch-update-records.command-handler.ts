import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertWritableRecordProperties } from '@app/domain';
import { runBatch, type BatchOutcome } from '../../commands/command-batch';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { inputContext, recordItemError } from '../record-batch';
import { recordKeyOf, recordTypeOf } from '../record-target';
import { UpdateRecordCommand } from '../update-record/update-record.command';
import { BatchUpdateRecordsCommand, type BatchUpdatedRecord } from './batch-update-records.command';

/**
 * Each input is PATCH /crm/v3/objects/{objectType}/{id} as its own command, one after the other. An unknown object
 * type, a read-only or undeclared property or an idProperty that is not the type's unique property refuses the
 * request before anything is written; a record that is missing or archived, or a unique value another record holds,
 * is that input's error (207).
 */
@CommandHandler(BatchUpdateRecordsCommand)
export class BatchUpdateRecordsCommandHandler implements ICommandHandler<BatchUpdateRecordsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    objectType,
    inputs,
  }: BatchUpdateRecordsCommand): Promise<CommandOutcome<BatchOutcome<BatchUpdatedRecord>>> {
    const schema = await this.schemas.loadProvisioned(context);
    const { objectTypeId, declared } = recordTypeOf(this.schemas, schema.state, objectType);
    for (const input of inputs) {
      assertWritableRecordProperties(objectTypeId, Object.keys(input.properties), declared);
      recordKeyOf(objectTypeId, input.id, input.idProperty);
    }
    return runBatch(this.executor, context, inputs, recordItemError, async (input, step) => {
      const { position, result } = await this.commands.execute(
        new UpdateRecordCommand(inputContext(context, step), objectType, input.id, input.idProperty, input.properties),
      );
      const { objectWriteTraceId } = input;
      return { position, result: objectWriteTraceId === undefined ? result : { ...result, objectWriteTraceId } };
    });
  }
}
