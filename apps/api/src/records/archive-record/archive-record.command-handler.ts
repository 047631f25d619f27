import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recordDecider, recordStream } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { RecordStreams } from '../record-streams';
import { assertRecordId, recordNotFound, recordTypeOf } from '../record-target';
import { ArchiveRecordCommand } from './archive-record.command';

/**
 * DELETE /crm/v3/objects/{objectType}/{id}: archives the record and releases its unique value, in one append.
 * Archiving an archived record changes nothing (204 again); a record that never existed is a 404.
 * (Removing its associations comes with the associations part of issue 5.)
 */
@CommandHandler(ArchiveRecordCommand)
export class ArchiveRecordCommandHandler implements ICommandHandler<ArchiveRecordCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly executor: CommandExecutor,
  ) {}

  execute({ context, objectType, id }: ArchiveRecordCommand): Promise<CommandOutcome<void>> {
    const { accountId } = context;
    return this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const { objectTypeId } = recordTypeOf(this.schemas, schema.state, objectType);
      const recordId = assertRecordId(objectTypeId, id);
      const record = await this.records.load(accountId, objectTypeId, recordId);
      if (record.state.status === 'NotCreated') throw recordNotFound(objectTypeId, id);
      const events = recordDecider.decide(
        { type: 'ArchiveRecord', data: { objectTypeId, recordId }, metadata: context },
        record.state,
      );
      const held = events.length > 0 && record.state.status === 'Active' ? record.state.properties : {};
      const claims = await this.records.claimWrites(context, objectTypeId, recordId, held, {});
      return {
        writes: [
          { stream: recordStream(accountId, objectTypeId, recordId), expected: record.revision!, events },
          ...claims,
        ],
        result: undefined,
      };
    });
  }
}
