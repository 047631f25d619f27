import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountSchemaStream, assertWritableRecordProperties, recordDecider, recordStream } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { RecordIdAllocator } from '../record-id.allocator';
import { RecordStreams } from '../record-streams';
import { recordTypeOf, viewOfState } from '../record-target';
import { CreateRecordCommand, type CreatedRecord } from './create-record.command';

/**
 * POST /crm/v3/objects/{objectType}: a new record under the next id of the account, and the claim of its unique
 * value (email, domain) in the same append, so that of two creations with the same value exactly one wins.
 */
@CommandHandler(CreateRecordCommand)
export class CreateRecordCommandHandler implements ICommandHandler<CreateRecordCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly ids: RecordIdAllocator,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ context, objectType, properties }: CreateRecordCommand): Promise<CommandOutcome<CreatedRecord>> {
    const { accountId } = context;
    const schema = await this.schemas.loadProvisioned(context);
    // Resolved before an id is taken, so that a bad path or property wastes none.
    const type = recordTypeOf(this.schemas, schema.state, objectType);
    assertWritableRecordProperties(type.objectTypeId, Object.keys(properties), type.declared);
    const recordId = await this.ids.next(context);
    return this.executor.execute(context, async (attempt) => {
      const current = attempt === 1 ? schema : await this.schemas.loadProvisioned(context);
      const { objectTypeId, declared } = recordTypeOf(this.schemas, current.state, objectType);
      assertWritableRecordProperties(objectTypeId, Object.keys(properties), declared);
      const record = await this.records.load(accountId, objectTypeId, recordId);
      const events = recordDecider.decide(
        { type: 'CreateRecord', data: { objectTypeId, recordId, properties }, metadata: context },
        record.state,
      );
      const claims = await this.records.claimWrites(context, objectTypeId, recordId, {}, properties);
      const created = events.reduce(recordDecider.evolve, record.state);
      return {
        writes: [
          { stream: recordStream(accountId, objectTypeId, recordId), expected: record.revision ?? 'no_stream', events },
          ...claims,
        ],
        // A custom object's properties were checked against this revision of its schema.
        checks: declared === undefined ? [] : [{ stream: accountSchemaStream(accountId), expected: current.revision! }],
        result: { objectTypeId, record: viewOfState(recordId, created)! },
      };
    });
  }
}
