import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, assertWritableRecordProperties, uniquePropertyOf } from '@app/domain';
import { runBatch, type BatchOutcome } from '../../commands/command-batch';
import type { CommandContext } from '../../commands/command-context';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AppException } from '../../errors/app.exception';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { CreateRecordCommand } from '../create-record/create-record.command';
import { inputContext, recordItemError } from '../record-batch';
import { recordTypeOf } from '../record-target';
import type { UpdateRecordInput } from '../record-batch.input';
import { RecordStreams } from '../record-streams';
import { UpdateRecordCommand } from '../update-record/update-record.command';
import { BatchUpsertRecordsCommand, type UpsertedRecord } from './batch-upsert-records.command';

type UpsertInput = UpdateRecordInput & { idProperty: string };

/**
 * Each input creates a record holding `id` as its unique property's value (contacts' `email`, companies' `domain`)
 * when no live record holds it, else updates the record that does; as its own command, one after the other. Whether
 * the value is held is read from its claim stream (the write side), and a creation that loses the value to a
 * concurrent writer becomes the update of the winner. An idProperty that is not the type's unique property, a
 * read-only or undeclared property, or an unknown object type refuses the request before anything is written.
 */
@CommandHandler(BatchUpsertRecordsCommand)
export class BatchUpsertRecordsCommandHandler implements ICommandHandler<BatchUpsertRecordsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    context,
    objectType,
    inputs,
  }: BatchUpsertRecordsCommand): Promise<CommandOutcome<BatchOutcome<UpsertedRecord>>> {
    const schema = await this.schemas.loadProvisioned(context);
    const { objectTypeId, declared } = recordTypeOf(this.schemas, schema.state, objectType);
    const unique = uniquePropertyOf(objectTypeId);
    for (const input of inputs) {
      if (input.idProperty !== unique) {
        throw new AppException(
          'VALIDATION_FAILED',
          `idProperty '${input.idProperty}' is not a unique property of ${objectTypeId}` +
            (unique === undefined ? '; its records cannot be upserted' : `; upsert by ${unique}`),
          { idProperty: input.idProperty, objectTypeId },
        );
      }
      assertWritableRecordProperties(objectTypeId, Object.keys(input.properties), declared);
    }
    return runBatch(this.executor, context, inputs, recordItemError, async (input, step) => {
      const outcome = await this.upsert(inputContext(context, step), objectType, objectTypeId, input);
      const { objectWriteTraceId } = input;
      const result = objectWriteTraceId === undefined ? outcome.result : { ...outcome.result, objectWriteTraceId };
      return { position: outcome.position, result };
    });
  }

  private async upsert(
    context: CommandContext,
    objectType: string,
    objectTypeId: string,
    input: UpsertInput,
  ): Promise<CommandOutcome<UpsertedRecord>> {
    const holder = await this.records.idByUniqueValue(context.accountId, objectTypeId, input.idProperty, input.id);
    if (holder === undefined) {
      try {
        const { position, result } = await this.commands.execute(
          new CreateRecordCommand(context, objectType, creationProperties(input)),
        );
        return { position, result: { ...result, created: true } };
      } catch (error) {
        // Another writer claimed the value since we looked: update the record it created.
        if (!(error instanceof DomainError && error.code === 'UNIQUE_VALUE_TAKEN')) throw error;
      }
    }
    const { position, result } = await this.commands.execute(
      new UpdateRecordCommand(context, objectType, input.id, input.idProperty, input.properties),
    );
    return { position, result: { ...result, created: false } };
  }
}

/** A creation holds the input's id as its unique value; cleared (null) properties are simply not set. */
function creationProperties({ id, idProperty, properties }: UpsertInput): Record<string, string> {
  const given = Object.entries(properties).filter((entry): entry is [string, string] => entry[1] !== null);
  return { ...Object.fromEntries(given), [idProperty]: id };
}
