import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recordDecider, recordKeyName, recordStream } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { RecordStreams } from '../record-streams';
import { recordKeyOf, recordNotFound, recordTypeOf } from '../record-target';
import { EraseRecordCommand, type ErasedRecord } from './erase-record.command';

/**
 * GDPR erasure of a record (ADR 0007, "Erasure"), for `POST /crm/v3/objects/{type}/gdpr-delete` and
 * `POST /api/v1/objects/{type}/{id}/erase`. One append: `RecordArchived` if the record is live (the archive cascade
 * then removes its associations, which keep their history with the record's id), `RecordErased`, and the release of
 * its unique value. The sealing store destroys the record's data key once that append is stored, so every property
 * value its events hold reads as erased from then on, through every route and every rebuild.
 *
 * Erasing an erased record writes nothing and destroys the key again: that completes an erasure whose process stopped
 * between the append and the key's destruction.
 */
@CommandHandler(EraseRecordCommand)
export class EraseRecordCommandHandler implements ICommandHandler<EraseRecordCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({
    context,
    objectType,
    id,
    idProperty,
    reason,
  }: EraseRecordCommand): Promise<CommandOutcome<ErasedRecord>> {
    const { accountId } = context;
    let erasedBefore = false;
    const outcome = await this.executor.execute(context, async () => {
      const schema = await this.schemas.loadProvisioned(context);
      const { objectTypeId } = recordTypeOf(this.schemas, schema.state, objectType);
      const recordId = await this.records.idOf(accountId, objectTypeId, recordKeyOf(objectTypeId, id, idProperty));
      const record = await this.records.load(accountId, objectTypeId, recordId);
      if (record.state.status === 'NotCreated') throw recordNotFound(objectTypeId, recordId);
      const events = recordDecider.decide(
        { type: 'EraseRecord', data: { objectTypeId, recordId, reason }, metadata: context },
        record.state,
      );
      erasedBefore = record.state.status === 'Erased';
      const held = record.state.status === 'Active' ? record.state.properties : {};
      const claims = await this.records.claimWrites(context, objectTypeId, recordId, held, {});
      const erasedAt = record.state.status === 'Erased' ? record.state.erasedAt : context.now;
      return {
        writes: [
          { stream: recordStream(accountId, objectTypeId, recordId), expected: record.revision!, events },
          ...claims,
        ],
        result: { objectTypeId, recordId, erasedAt },
      };
    });
    if (erasedBefore) {
      const { objectTypeId, recordId } = outcome.result;
      await this.store.dataKeys?.().destroy(accountId, recordKeyName(objectTypeId, recordId));
    }
    return outcome;
  }
}
