import type { Options } from 'csv-stringify';

/**
 * How the service writes CSV (csv-stringify, RFC 4180): CRLF records; a field is quoted when it holds a comma, a
 * double quote, CR or LF (csv-stringify alone quotes only the whole record delimiter), or starts or ends with a space,
 * so readers that trim keep it. What the importer reads back field for field.
 */
export const CSV_WRITE_OPTIONS = {
  record_delimiter: 'windows',
  quoted_match: [/[\r\n]/, /^\s/, /\s$/],
  cast: { bigint: (value: bigint) => value.toString(), boolean: (value: boolean) => String(value) },
} as const satisfies Options;
