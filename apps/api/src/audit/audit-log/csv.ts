import { stringify } from 'csv-stringify/sync';
import { CSV_WRITE_OPTIONS } from '../../exports/csv-options';

/**
 * RFC 4180 CSV through csv-stringify, the one CSV writer of the codebase (see CSV_WRITE_OPTIONS). Null and undefined
 * are empty fields.
 */
type Field = string | number | bigint | boolean | null | undefined;

export function csvRecord(fields: readonly Field[]): string {
  return stringify([fields as Field[]], CSV_WRITE_OPTIONS);
}

export function csvField(value: Field): string {
  return csvRecord([value]).slice(0, -2);
}
