import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, importKeyName, uniquePropertyOf, unlabeledTypeId } from '@app/domain';
import {
  importColumns,
  interpretRow,
  resolveLabelCell,
  importStream,
  type ImportColumns,
  type ImportErrorsErasure,
  type ImportRowError,
  type ImportSpec,
  type ImportState,
  type LabelDirection,
  type RowRecordKey,
} from '@app/domain/imports';
import { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { AppException } from '../errors/app.exception';
import { mapToHttpError } from '../errors/http-error.mapper';
import { SetAssociationLabelsCommand } from '../associations/set-association-labels/set-association-labels.command';
import { CreateRecordCommand } from '../records/create-record/create-record.command';
import { RecordStreams } from '../records/record-streams';
import { AccountSchemaService } from '../schema/account-schema.service';
import { csvFileRows, type CsvRow } from './import-csv.reader';
import { rowContext } from './import-context';
import { fileSha256, inspectImportFile, type InspectedFile } from './import-file';
import { ImportStreams } from './import-streams';
import { pairLabelDirections } from './pair-labels';

export interface ImportRequest {
  importId: string;
  fromObjectType: string;
  toObjectType: string;
  fromKey?: string;
  toKey?: string;
  mode: 'set' | 'add';
  createMissing: boolean;
  fileName: string;
}

export interface ImportProgress {
  importId: string;
  totalRows: number;
  rows: number;
  applied: number;
  rejected: number;
}

/** A row the importer refuses before any command runs (a record no one holds, a label it cannot name). */
class RowRejected extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-5': 'ticket',
};

/** What the request broke about one row, as opposed to a failure of the service (which stops the import). */
function rowError(error: unknown, line: number, fields: string[]): ImportRowError | undefined {
  if (error instanceof RowRejected) return { line, code: error.code, reason: error.reason, fields };
  const isInput =
    error instanceof DomainError ||
    (error instanceof AppException && (error.code === 'VALIDATION_FAILED' || error.code === 'NOT_FOUND'));
  if (!isInput) return undefined;
  const mapped = mapToHttpError(error);
  const details = Object.values(mapped.context ?? {})
    .flatMap((value) => (Array.isArray(value) ? value : []))
    .filter((value): value is string => typeof value === 'string' && value.includes(' '));
  const code = error instanceof DomainError ? error.code : 'INVALID_INPUT';
  const reason = details.length > 0 ? `${mapped.message}: ${details.join('; ')}` : mapped.message;
  return { line, code, reason, fields };
}

/**
 * Imports a CSV file of labeled associations (issue 8, ADR 0008). Every row runs through the same commands as the
 * API — records created by unique value (`CreateRecordCommand`), labels set or added (`SetAssociationLabelsCommand`),
 * each decided from streams with their invariants — a batch of rows at a time in one write group, the batch's
 * checkpoint (`ImportBatchRecorded`, with its rejected rows) in the same append. A resumed run starts after the last
 * checkpoint; rows' event ids derive from the import id and their line, so nothing is ever appended twice.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly schemas: AccountSchemaService,
    private readonly records: RecordStreams,
    private readonly imports: ImportStreams,
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Checks the file and options and records the import's start (nothing is written when they are wrong). Starting an
   * import id again with the same file and options changes nothing; with another file it is refused.
   */
  async start(context: CommandContext, request: ImportRequest, path: string): Promise<ImportState> {
    const file = await inspectImportFile(path, request.fileName);
    const spec = await this.specOf(context, request, file);
    // Provisioned only once the file and options are known to be importable: a refused upload writes nothing.
    await this.schemas.loadProvisioned(context);
    return this.imports.execute(
      context,
      { type: 'StartImport', data: { importId: request.importId, spec }, metadata: context },
      'start',
    );
  }

  async state(accountId: string, importId: string): Promise<ImportState> {
    return (await this.imports.load(accountId, importId)).state;
  }

  /**
   * Erases an import's rejected rows (ADR 0008): `ImportErrorsErased` on its stream, after which the sealing store
   * destroys the import's data key, so the rows read as `[]` everywhere (this store, a rebuild, a backup of the log).
   * Idempotent; erasing again destroys the key again, in case the process died between the append and the destruction.
   */
  async eraseErrors(context: CommandContext, importId: string, reason: ImportErrorsErasure): Promise<ImportState> {
    const before = await this.state(context.accountId, importId);
    if (before.status === 'NotStarted') throw new AppException('NOT_FOUND', `No import ${importId} in this account`);
    const state = await this.imports.execute(
      context,
      { type: 'EraseImportErrors', data: { importId, reason }, metadata: context },
      'erase-errors',
    );
    if (before.errorsErasedAt !== undefined) {
      await this.store.dataKeys?.().destroy(context.accountId, importKeyName(importId));
    }
    return state;
  }

  /** The rejected rows of an import so far, in line order, from its stream ([] once erased). */
  async *errors(accountId: string, importId: string): AsyncGenerator<ImportRowError[]> {
    const stream = importStream(accountId, importId);
    let fromRevision = 0n;
    for (;;) {
      const events = await this.store.readStream(stream, { fromRevision, maxCount: 200 });
      if (events.length === 0) return;
      for (const event of events) {
        if (event.type === 'ImportBatchRecorded') yield (event.data as { errors?: ImportRowError[] }).errors ?? [];
      }
      fromRevision = events[events.length - 1]!.revision + 1n;
    }
  }

  /**
   * Runs (or resumes) an import to its end: rows after the last checkpoint, a batch at a time, then its completion.
   * `path` must hold the file it was started with.
   */
  async run(
    context: CommandContext,
    importId: string,
    path: string,
    onProgress: (progress: ImportProgress) => void = () => undefined,
    /** Asked between batches: true stops the run at its last checkpoint (a shutdown); a later run resumes there. */
    shouldStop: () => boolean = () => false,
  ): Promise<ImportState> {
    const started = await this.state(context.accountId, importId);
    if (started.status === 'NotStarted') throw new AppException('NOT_FOUND', `Import ${importId} was never started`);
    if (started.status === 'Completed') return started;
    const { spec } = started;
    if ((await fileSha256(path)) !== spec.sha256) {
      throw new AppException('CONFLICT', `Import ${importId} was started with another file than ${path}`);
    }
    const columns = this.columnsOf(spec, spec.header);
    let state: ImportState = started;
    const report = () =>
      state.status !== 'NotStarted' &&
      onProgress({
        importId,
        totalRows: spec.totalRows,
        rows: state.rows,
        applied: state.applied,
        rejected: state.rejected,
      });
    report();
    let batch: CsvRow[] = [];
    let header = true; // the first record, wherever blank lines put it
    for await (const row of csvFileRows(path)) {
      if (header) {
        header = false;
        continue;
      }
      if (state.status !== 'Running' || row.line <= state.lastLine) continue;
      batch.push(row);
      if (batch.length >= this.config.IMPORT_BATCH_ROWS) {
        state = await this.applyBatch(context, importId, spec, columns, batch);
        batch = [];
        report();
        if (shouldStop()) return state;
      }
    }
    if (batch.length > 0) state = await this.applyBatch(context, importId, spec, columns, batch);
    state = await this.imports.execute(
      context,
      { type: 'CompleteImport', data: { importId }, metadata: context },
      'complete',
    );
    report();
    return state;
  }

  private async specOf(context: CommandContext, request: ImportRequest, file: InspectedFile): Promise<ImportSpec> {
    const schema = await this.schemas.load(context.accountId);
    const fromObjectTypeId = this.schemas.resolveObjectType(schema.state, request.fromObjectType);
    const toObjectTypeId = this.schemas.resolveObjectType(schema.state, request.toObjectType);
    const keys = { from: request.fromKey, to: request.toKey };
    const columns = importColumns(file.header, keys, {
      from: uniquePropertyOf(fromObjectTypeId),
      to: uniquePropertyOf(toObjectTypeId),
    });
    for (const [side, objectTypeId, key] of [
      ['from', fromObjectTypeId, columns.from.key],
      ['to', toObjectTypeId, columns.to.key],
    ] as const) {
      const unique = uniquePropertyOf(objectTypeId);
      if (key !== 'id' && key !== unique) {
        throw new AppException(
          'VALIDATION_FAILED',
          `${side}Key '${key}' is not a unique property of ${objectTypeId}; name its records by id` +
            (unique === undefined ? '' : ` or ${unique}`),
          { [`${side}Key`]: key, objectTypeId },
        );
      }
    }
    if (request.createMissing && columns.from.key === 'id' && columns.to.key === 'id') {
      throw new AppException(
        'VALIDATION_FAILED',
        'createMissing needs records named by a unique property (email, domain): a record id cannot be created',
      );
    }
    return {
      fromObjectTypeId,
      toObjectTypeId,
      fromKey: columns.from.key,
      toKey: columns.to.key,
      mode: request.mode,
      createMissing: request.createMissing,
      fileName: request.fileName,
      header: file.header,
      sha256: file.sha256,
      bytes: file.bytes,
      totalRows: file.rows,
    };
  }

  private columnsOf(spec: ImportSpec, header: string[]): ImportColumns {
    return importColumns(
      header,
      { from: spec.fromKey, to: spec.toKey },
      { from: uniquePropertyOf(spec.fromObjectTypeId), to: uniquePropertyOf(spec.toObjectTypeId) },
    );
  }

  /** One batch of rows in one write group, its checkpoint with it; answers the import's state after. */
  private async applyBatch(
    context: CommandContext,
    importId: string,
    spec: ImportSpec,
    columns: ImportColumns,
    rows: readonly CsvRow[],
  ): Promise<ImportState> {
    const directions = await pairLabelDirections(
      this.schemas,
      context.accountId,
      spec.fromObjectTypeId,
      spec.toObjectTypeId,
    );
    const lastLine = rows[rows.length - 1]!.endLine;
    await this.executor.group(context, async () => {
      let applied = 0;
      const errors: ImportRowError[] = [];
      for (const row of rows) {
        if ('error' in row) {
          const lines = row.endLine > row.line ? `lines ${row.line}–${row.endLine}` : `line ${row.line}`;
          errors.push({
            line: row.line,
            code: 'MALFORMED_LINE',
            reason: `Malformed CSV on ${lines}, not imported: ${row.error}`,
          });
          continue;
        }
        try {
          await this.applyRow(context, spec, columns, directions, row.line, row.fields);
          applied += 1;
        } catch (error) {
          const rejected = rowError(error, row.line, row.fields);
          if (!rejected) throw error;
          errors.push(rejected);
        }
      }
      const command = {
        type: 'RecordImportBatch' as const,
        data: { importId, lastLine, rows: rows.length, applied, errors },
      };
      await this.imports.execute(context, { ...command, metadata: context }, `batch-${lastLine}`);
      return { position: 0n, result: undefined };
    });
    return this.state(context.accountId, importId);
  }

  private async applyRow(
    context: CommandContext,
    spec: ImportSpec,
    columns: ImportColumns,
    directions: readonly LabelDirection[],
    line: number,
    fields: string[],
  ): Promise<void> {
    const row = interpretRow(fields, columns);
    if (!row.ok) throw new RowRejected(row.code, row.reason);
    const { fromObjectTypeId, toObjectTypeId } = spec;
    const labels = resolveLabelCell(row.labels, { fromObjectTypeId, toObjectTypeId }, directions);
    if (!labels.ok) throw new RowRejected(labels.code, labels.reason);
    const step = `line-${line}`;
    const sides = [
      { side: 'from', objectTypeId: fromObjectTypeId, key: row.from },
      { side: 'to', objectTypeId: toObjectTypeId, key: row.to },
    ] as const;
    // Both records are looked up before either is created, so a row refused for one creates nothing for the other.
    const found = await Promise.all(sides.map((s) => this.lookUp(context.accountId, s.objectTypeId, s.key)));
    for (const [i, s] of sides.entries()) {
      if (found[i] === undefined && !spec.createMissing) {
        const { property, value } = s.key as Extract<RowRecordKey, { by: 'property' }>;
        throw new RowRejected(
          'UNKNOWN_RECORD',
          `No ${TYPE_NAMES[s.objectTypeId] ?? s.objectTypeId} has ${property} ${JSON.stringify(value)}; ` +
            'create it first, or import with createMissing',
        );
      }
    }
    const ids: string[] = [];
    for (const [i, s] of sides.entries()) {
      const id = found[i] ?? (await this.create(rowContext(context, `${step}/${s.side}`), s.objectTypeId, s.key));
      ids.push(id);
    }
    const path = { fromObjectType: fromObjectTypeId, fromId: ids[0]!, toObjectType: toObjectTypeId, toId: ids[1]! };
    const unlabeled = {
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: unlabeledTypeId(fromObjectTypeId, toObjectTypeId),
    };
    const types = labels.types.map((t) => ({ associationCategory: t.category, associationTypeId: t.typeId }));
    const request =
      spec.mode === 'set'
        ? { kind: 'set' as const, types: types.length > 0 ? types : [unlabeled] }
        : types.length > 0
          ? { kind: 'add' as const, types }
          : { kind: 'default' as const };
    await this.commands.execute(new SetAssociationLabelsCommand(context, path, request, step));
  }

  /** A record's id: as given, or the live record holding the unique value (inside the batch, its pending writes too). */
  private async lookUp(accountId: string, objectTypeId: string, key: RowRecordKey): Promise<string | undefined> {
    if (key.by === 'id') return key.id;
    return this.records.idByUniqueValue(accountId, objectTypeId, key.property, key.value);
  }

  private async create(context: CommandContext, objectTypeId: string, key: RowRecordKey): Promise<string> {
    if (key.by === 'id') throw new RowRejected('UNKNOWN_RECORD', `No record has id ${key.id}`);
    const { result } = await this.commands.execute(
      new CreateRecordCommand(context, objectTypeId, { [key.property]: key.value }),
    );
    return result.record.id;
  }
}
