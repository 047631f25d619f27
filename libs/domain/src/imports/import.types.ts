import type { Command, DomainEvent } from '../shared/decider';

/** One import's lifecycle and progress checkpoints (ADR 0008): `import-{account}.{importId}`. */
export function importStream(accountId: string, importId: string): string {
  return `import-${accountId}.${importId}`;
}

/** `set`: a row's labels replace the pair's custom labels; `add`: they are added to what the pair carries. */
export type ImportMode = 'set' | 'add';

/** How a row names its record: by record id, or by the value of the object type's unique property. */
export type RecordKeyColumn = 'id' | string;

export interface ImportSpec {
  fromObjectTypeId: string;
  toObjectTypeId: string;
  /** `id` or a unique property (`email`, `domain`): the row's `from_<key>` column names the from record. */
  fromKey: RecordKeyColumn;
  toKey: RecordKeyColumn;
  mode: ImportMode;
  /** Create a record named by a unique value that no record holds, rather than rejecting the row. */
  createMissing: boolean;
  fileName: string;
  /** The file's header row, as written. */
  header: string[];
  /** SHA-256 of the file: resuming or re-running an import id with another file is refused. */
  sha256: string;
  bytes: number;
  /** Data rows in the file (records after the header, malformed ones included). */
  totalRows: number;
}

/** A rejected row: its line in the file (1 is the header), why, and its fields when they could be read. */
export interface ImportRowError {
  line: number;
  code: string;
  reason: string;
  fields?: string[];
}

export type StartImport = Command<'StartImport', { importId: string; spec: ImportSpec }>;
/** A batch of rows was decided: the checkpoint is the last line it covered. Appended with the batch's writes. */
export type RecordImportBatch = Command<
  'RecordImportBatch',
  { importId: string; lastLine: number; rows: number; applied: number; errors: ImportRowError[] }
>;
export type CompleteImport = Command<'CompleteImport', { importId: string }>;
/** Why an import's rejected rows were erased: a person asked (`request`), or they outlived the retention period. */
export type ImportErrorsErasure = 'request' | 'retention';
/** Destroys the rejected rows' data key (ADR 0008): the rows read back as erased from then on. */
export type EraseImportErrors = Command<'EraseImportErrors', { importId: string; reason: ImportErrorsErasure }>;
export type ImportCommand = StartImport | RecordImportBatch | CompleteImport | EraseImportErrors;

export type ImportStarted = DomainEvent<
  'ImportStarted',
  { importId: string; spec: ImportSpec; startedBy: string; startedAt: string }
>;
/**
 * `errors` is personal data, sealed under the import's data key (`importKeyName`); once that key is destroyed it
 * reads as `[]` with `erased: true`. `rejected` counts them in clear (absent on batches recorded before it existed).
 */
export type ImportBatchRecorded = DomainEvent<
  'ImportBatchRecorded',
  {
    importId: string;
    firstLine: number;
    lastLine: number;
    rows: number;
    applied: number;
    rejected?: number;
    errors: ImportRowError[];
  }
>;
export type ImportCompleted = DomainEvent<
  'ImportCompleted',
  { importId: string; rows: number; applied: number; rejected: number; completedAt: string }
>;
/** The import's rejected rows were erased: its data key is destroyed once this is stored. */
export type ImportErrorsErased = DomainEvent<
  'ImportErrorsErased',
  { importId: string; reason: ImportErrorsErasure; erasedBy: string; erasedAt: string }
>;
export type ImportEvent = ImportStarted | ImportBatchRecorded | ImportCompleted | ImportErrorsErased;

interface Progress {
  importId: string;
  spec: ImportSpec;
  startedBy: string;
  startedAt: string;
  /** The last line a recorded batch covered (1, the header, before any). */
  lastLine: number;
  rows: number;
  applied: number;
  rejected: number;
  /** When the rejected rows were erased; they read as `[]` from then on. */
  errorsErasedAt?: string;
}

export type ImportState =
  | { status: 'NotStarted' }
  | ({ status: 'Running' } & Progress)
  | ({ status: 'Completed'; completedAt: string } & Progress);
