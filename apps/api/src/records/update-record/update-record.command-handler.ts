import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountSchemaStream, assertWritableRecordProperties, recordDecider, recordStream } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { RecordStreams } from '../record-streams';
import { recordKeyOf, recordTypeOf, viewOfState } from '../record-target';
import { UpdateRecordCommand, type UpdatedRecord } from './update-record.command';

/**
 * PATCH /crm/v3/objects/{objectType}/{id}: the changed properties only; a changed unique value moves its claim in
 * the same append (released, and claimed anew unless another record holds it).
 */
@CommandHandler(UpdateRecordCommand)
export class UpdateRecordCommandHandler implements ICommandHandler<UpdateRecordCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly executor: CommandExecutor,
  ) {}

  execute({
    context,
    objectType,
    id,
    idProperty,
    properties,
  }: UpdateRecordCommand): Promise<CommandOutcome<UpdatedRecord>> {
    const { accountId } = context;
    // HubSpot clears a property given as "": the decider's null.
    const given = Object.fromEntries(Object.entries(properties).map(([name, v]) => [name, v === '' ? null : v]));
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const { objectTypeId, declared } = recordTypeOf(this.schemas, schema.state, objectType);
      assertWritableRecordProperties(objectTypeId, Object.keys(given), declared);
      const recordId = await this.records.idOf(accountId, objectTypeId, recordKeyOf(objectTypeId, id, idProperty));
      const record = await this.records.load(accountId, objectTypeId, recordId);
      const events = recordDecider.decide(
        { type: 'UpdateRecord', data: { objectTypeId, recordId, properties: given }, metadata: context },
        record.state,
      );
      const updated = events.reduce(recordDecider.evolve, record.state);
      const before = record.state.status === 'Active' ? record.state.properties : {};
      const after = updated.status === 'Active' ? updated.properties : {};
      const claims = await this.records.claimWrites(context, objectTypeId, recordId, before, after);
      return {
        writes: [
          { stream: recordStream(accountId, objectTypeId, recordId), expected: record.revision!, events },
          ...claims,
        ],
        checks: declared === undefined ? [] : [{ stream: accountSchemaStream(accountId), expected: schema.revision! }],
        result: { objectTypeId, record: viewOfState(recordId, updated)! },
      };
    });
  }
}
