import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { receiptFold, receiptStream, receiptWrite } from '../../commands/command-receipt';
import { accountSchemaStream, assertWritableRecordProperties, recordDecider, recordStream } from '@app/domain';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { invalidObjectIds } from '../../associations/association-streams';
import { SetAssociationLabelsCommand } from '../../associations/set-association-labels/set-association-labels.command';
import { isRecordId } from '../record-input';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { StreamLoader } from '../../schema/stream-loader';
import { RecordIdAllocator } from '../record-id.allocator';
import { RecordStreams } from '../record-streams';
import { recordTypeOf, viewOfState } from '../record-target';
import { CreateRecordCommand, type CreatedRecord } from './create-record.command';
import { associationTargets, resolveCreateAssociations, type ResolvedCreateAssociation } from './record-associations';

/** What a creation's receipt records (`receiptWrite`). */
type CreatedOutcome = { objectTypeId: string; recordId: string };

/**
 * POST /crm/v3/objects/{objectType}: a new record under the next id of the account, and the claim of its unique
 * value (email, domain) in the same append, so that of two creations with the same value exactly one wins.
 *
 * `associations` are validated before anything is written (typeIds known from the record's type, `to` records live),
 * then applied after the creation one by one, each as the labeled PUT (set semantics) with its own step. They are
 * not one append with the record: should an association fail after the record was created (a `to` record archived
 * meanwhile, a limit reached), the request answers that error and the record stays; a retry with the same
 * Idempotency-Key answers the same record and applies the associations again (set semantics: no duplicates).
 */
@CommandHandler(CreateRecordCommand)
export class CreateRecordCommandHandler implements ICommandHandler<CreateRecordCommand> {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly ids: RecordIdAllocator,
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loader: StreamLoader,
  ) {}

  async execute(command: CreateRecordCommand): Promise<CommandOutcome<CreatedRecord>> {
    const { context, objectType, properties } = command;
    const schema = await this.schemas.loadProvisioned(context);
    // Resolved before an id is taken, so that a bad path, property or association wastes none.
    const type = recordTypeOf(this.schemas, schema.state, objectType);
    assertWritableRecordProperties(type.objectTypeId, Object.keys(properties), type.declared);
    const associations = resolveCreateAssociations(schema.state, type.objectTypeId, command.associations);
    await this.assertLiveTargets(context.accountId, associations);
    const created = await this.create(command, schema);
    return this.associate(command, created, associations);
  }

  /** The `to` records must exist and be live: all the others named at once, as the association routes do. */
  private async assertLiveTargets(accountId: string, associations: readonly ResolvedCreateAssociation[]) {
    const targets = associationTargets(associations);
    const live = await Promise.all(
      targets.map(async (key) => {
        if (!isRecordId(key.recordId)) return false;
        const record = await this.records.load(accountId, key.objectTypeId, key.recordId);
        return record.state.status === 'Active';
      }),
    );
    const invalid = targets.filter((_, i) => !live[i]);
    if (invalid.length > 0) throw invalidObjectIds(invalid);
  }

  private async associate(
    { context }: CreateRecordCommand,
    created: CommandOutcome<CreatedRecord>,
    associations: readonly ResolvedCreateAssociation[],
  ): Promise<CommandOutcome<CreatedRecord>> {
    let { position } = created;
    const { objectTypeId, record } = created.result;
    for (const [index, association] of associations.entries()) {
      const path = {
        fromObjectType: objectTypeId,
        fromId: record.id,
        toObjectType: association.toObjectTypeId,
        toId: association.toId,
      };
      const outcome = await this.commands.execute(
        new SetAssociationLabelsCommand(
          context,
          path,
          { kind: 'set', types: association.types },
          `association-${index}`,
        ),
      );
      if (outcome.position > position) position = outcome.position;
    }
    return { position, result: created.result };
  }

  private async create(
    { context, objectType, properties }: CreateRecordCommand,
    schema: Awaited<ReturnType<AccountSchemaService['loadProvisioned']>>,
  ): Promise<CommandOutcome<CreatedRecord>> {
    const { accountId } = context;
    const replayed = await this.replay(context);
    if (replayed) return replayed;
    const recordId = await this.ids.next(context);
    return this.executor.execute(context, async (attempt) => {
      // A retry of this request (same Idempotency-Key) that raced the first attempt: answer what that one created —
      // read through the loader, so that inside a write group an attempt still pending there counts too.
      const again = await this.pendingOrStoredReplay(context);
      if (again) return { writes: [], result: again };
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

  /** Like `replay`, but inside the command: read through the loader, it also sees a receipt pending in a group. */
  private async pendingOrStoredReplay(context: CreateRecordCommand['context']): Promise<CreatedRecord | undefined> {
    if (context.idempotencyKey === undefined) return undefined;
    const receipt = await this.loader.load(receiptStream(context), receiptFold);
    return receipt.state && this.created(context, receipt.state as CreatedOutcome);
  }

  /** The record an earlier attempt of this request created, as it is now; undefined when there was none. */
  private async replay(context: CreateRecordCommand['context']): Promise<CommandOutcome<CreatedRecord> | undefined> {
    if (context.idempotencyKey === undefined) return undefined;
    const [receipt] = await this.store.readStream(receiptStream(context), { maxCount: 1 });
    if (!receipt) return undefined;
    const { outcome } = receipt.data as { outcome: CreatedOutcome };
    return { position: receipt.position, result: await this.created(context, outcome) };
  }

  private async created(
    context: CreateRecordCommand['context'],
    { objectTypeId, recordId }: CreatedOutcome,
  ): Promise<CreatedRecord> {
    const record = await this.records.load(context.accountId, objectTypeId, recordId);
    return { objectTypeId, record: viewOfState(recordId, record.state)! };
  }
}
