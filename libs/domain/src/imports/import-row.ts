import { DomainError } from '../shared/domain.error';
import type { RecordKeyColumn } from './import.types';

/** The column that holds each row's labels. */
export const LABELS_COLUMN = 'labels';

/** Where a row's parts are: the column of each record's key and of the labels. */
export interface ImportColumns {
  header: string[];
  from: { index: number; key: RecordKeyColumn };
  to: { index: number; key: RecordKeyColumn };
  labels: number;
}

export type RowRecordKey = { by: 'id'; id: string } | { by: 'property'; property: string; value: string };

export type ImportRow =
  | { ok: true; from: RowRecordKey; to: RowRecordKey; labels: string }
  | { ok: false; code: 'TOO_MANY_COLUMNS' | 'MISSING_VALUE' | 'INVALID_RECORD_ID'; reason: string };

const normalized = (name: string) => name.trim().toLowerCase();
const RECORD_ID = /^[1-9][0-9]{0,15}$/; // as the api reads record ids

/**
 * The columns of a header for the chosen keys: `from_<key>`, `to_<key>` and `labels` (names trimmed, any case; other
 * columns are ignored). A key left open is `id` when the file has `<side>_id`, else the side's unique property.
 * A header without them is refused before anything is written (IMPORT_COLUMNS_MISSING).
 */
export function importColumns(
  header: readonly string[],
  keys: { from?: string; to?: string },
  uniqueProperties: { from?: string; to?: string },
): ImportColumns {
  const names = header.map(normalized);
  const keyOf = (side: 'from' | 'to'): string => {
    const given = keys[side];
    if (given !== undefined) return given.trim().toLowerCase();
    if (names.includes(`${side}_id`)) return 'id';
    return uniqueProperties[side] ?? 'id';
  };
  const from = keyOf('from');
  const to = keyOf('to');
  const wanted = [`from_${from}`, `to_${to}`, LABELS_COLUMN];
  const missing = wanted.filter((column) => !names.includes(normalized(column)));
  if (missing.length > 0) {
    throw new DomainError(
      'IMPORT_COLUMNS_MISSING',
      `The file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header must name ` +
        `${wanted.join(', ')} (found: ${header.length > 0 ? header.join(', ') : 'no columns'})`,
      { missing, header: [...header] },
    );
  }
  return {
    header: [...header],
    from: { index: names.indexOf(normalized(`from_${from}`)), key: from },
    to: { index: names.indexOf(normalized(`to_${to}`)), key: to },
    labels: names.indexOf(LABELS_COLUMN),
  };
}

function recordKey(value: string, key: RecordKeyColumn): RowRecordKey {
  return key === 'id' ? { by: 'id', id: value } : { by: 'property', property: key, value };
}

/** One data row, read against the header's columns; what is wrong with it is said in words a person can act on. */
export function interpretRow(fields: readonly string[], columns: ImportColumns): ImportRow {
  const { header } = columns;
  if (fields.length > header.length) {
    return {
      ok: false,
      code: 'TOO_MANY_COLUMNS',
      reason: `The row has ${fields.length} fields but the header has ${header.length} columns; quote fields that contain commas`,
    };
  }
  const cell = (index: number) => (fields[index] ?? '').trim();
  const parts = [
    { side: 'from', column: header[columns.from.index]!, key: columns.from.key, value: cell(columns.from.index) },
    { side: 'to', column: header[columns.to.index]!, key: columns.to.key, value: cell(columns.to.index) },
  ];
  for (const { column, key, value } of parts) {
    if (value.length === 0) {
      return { ok: false, code: 'MISSING_VALUE', reason: `${column.trim()} is empty; it must name a record` };
    }
    if (key === 'id' && !RECORD_ID.test(value)) {
      return {
        ok: false,
        code: 'INVALID_RECORD_ID',
        reason: `${column.trim()} ${JSON.stringify(value)} is not a record id (a positive whole number)`,
      };
    }
  }
  return {
    ok: true,
    from: recordKey(parts[0]!.value, parts[0]!.key),
    to: recordKey(parts[1]!.value, parts[1]!.key),
    labels: cell(columns.labels),
  };
}
