import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { receiptStream, receiptWrite } from '../../commands/command-receipt';
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ context, objectType, properties }: CreateRecordCommand): Promise<CommandOutcome<CreatedRecord>> {
    const { accountId } = context;
    const schema = await this.schemas.loadProvisioned(context);
    // Resolved before an id is taken, so that a bad path or property wastes none.
    const type = recordTypeOf(this.schemas, schema.state, objectType);
    assertWritableRecordProperties(type.objectTypeId, Object.keys(properties), type.declared);
    const replayed = await this.replay(context);
    if (replayed) return replayed;
    const recordId = await this.ids.next(context);
    return this.executor.execute(context, async (attempt) => {
      // A retry of this request (same Idempotency-Key) that raced the first attempt: answer what that one created.
      if (attempt > 1) {
        const again = await this.replay(context);
        if (again) return { writes: [], result: again.result };
      }
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
          ...receiptWrite(context, { objectTypeId, recordId }),
        ],
        // A custom object's properties were checked against this revision of its schema.
        checks: declared === undefined ? [] : [{ stream: accountSchemaStream(accountId), expected: current.revision! }],
        result: { objectTypeId, record: viewOfState(recordId, created)! },
      };
    });
  }

  /** The record an earlier attempt of this request created, as it is now; undefined when there was none. */
  private async replay(context: CreateRecordCommand['context']): Promise<CommandOutcome<CreatedRecord> | undefined> {
    if (context.idempotencyKey === undefined) return undefined;
    const [receipt] = await this.store.readStream(receiptStream(context), { maxCount: 1 });
    if (!receipt) return undefined;
    const { objectTypeId, recordId } = (receipt.data as { outcome: { objectTypeId: string; recordId: string } })
      .outcome;
    const record = await this.records.load(context.accountId, objectTypeId, recordId);
    return { position: receipt.position, result: { objectTypeId, record: viewOfState(recordId, record.state)! } };
  }
}
