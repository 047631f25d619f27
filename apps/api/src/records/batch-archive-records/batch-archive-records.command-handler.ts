import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runBatchSteps } from '../../commands/command-batch';
import { CommandExecutor, type CommandOutcome } from '../../commands/command-executor';
import { AppException } from '../../errors/app.exception';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { ArchiveRecordCommand } from '../archive-record/archive-record.command';
import { inputContext, objectsNotFound } from '../record-batch';
import { RecordStreams } from '../record-streams';
import { recordTypeOf } from '../record-target';
import { BatchArchiveRecordsCommand } from './batch-archive-records.command';

/**
 * Each id is DELETE /crm/v3/objects/{objectType}/{id} as its own command, in order, so the archive cascade removes
 * each record's associations as it does for one. The answer is 204 with no room for per-input errors, so ids that
 * name no record (never created, by their streams) refuse the whole request (400) before anything is written; an
 * archived record is archived again as a no-op.
 */
@CommandHandler(BatchArchiveRecordsCommand)
export class BatchArchiveRecordsCommandHandler implements ICommandHandler<BatchArchiveRecordsCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({ context, objectType, ids: given }: BatchArchiveRecordsCommand): Promise<CommandOutcome<void>> {
    // A repeated id is archived once.
    const ids = [...new Set(given)];
    const schema = await this.schemas.loadProvisioned(context);
    const { objectTypeId } = recordTypeOf(this.schemas, schema.state, objectType);
    const loaded = await Promise.all(ids.map((id) => this.records.load(context.accountId, objectTypeId, id)));
    const unknown = ids.filter((_, i) => loaded[i]!.state.status === 'NotCreated');
    if (unknown.length > 0) {
      const notFound = objectsNotFound(objectTypeId, unknown, 'archive');
      throw new AppException('VALIDATION_FAILED', notFound.message, notFound.context);
    }
    return runBatchSteps(this.executor, context, ids, (id, step) =>
      this.commands.execute(new ArchiveRecordCommand(inputContext(context, step), objectType, id)),
    );
  }
}
