import { parse } from 'csv-parse/sync';

/** Reads CSV text (quoted fields with commas, doubled quotes, line breaks; CRLF records) back into rows, with csv-parse. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}
