import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';

/** One record of an import file: its fields, or why it could not be read; `line` is where it starts (1-based). */
export type CsvRow =
  { line: number; endLine: number; fields: string[] } | { line: number; endLine: number; error: string };

const LINE_BREAK = /\r\n|\r|\n/g;

interface Skipped {
  endLine: number;
  message: string;
}

/**
 * The records of a CSV text stream with the lines they start on (csv-parse: quoted fields with embedded delimiters
 * and line breaks, a BOM, CRLF or LF). Empty lines are skipped; a malformed stretch (a stray or unclosed quote) is
 * one error row covering the lines csv-parse could not read, and reading goes on after it.
 */
export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  const skipped: Skipped[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  parser.on('skip', (error: CsvError & { lines?: number }) =>
    skipped.push({ endLine: Number(error.lines ?? 0), message: error.message.replace(/ at line \d+/g, '') }),
  );
  input.on('error', (error) => parser.destroy(error));
  // Lines as a person counts them. csv-parse counts a CRLF inside a quoted field as two lines, so its count (`parsed`)
  // drifts from ours by `drift`; a record's own line breaks are counted from its fields.
  let end = 0;
  let parsed = 0;
  let empty = 0;
  const flushSkipped = function* (before: number): Generator<CsvRow> {
    while (skipped.length > 0 && skipped[0]!.endLine < before) {
      const { endLine, message } = skipped.shift()!;
      const drift = parsed - end;
      const line = end + 1;
      end = Math.max(line, endLine - drift);
      parsed = endLine;
      yield { line, endLine: end, error: message };
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield* flushSkipped(info.lines);
    const line = end + 1 + (info.empty_lines - empty);
    empty = info.empty_lines;
    end = line + record.reduce((breaks, field) => breaks + (field.match(LINE_BREAK)?.length ?? 0), 0);
    parsed = info.lines;
    yield { line, endLine: end, fields: record };
  }
  yield* flushSkipped(Number.POSITIVE_INFINITY);
}

/** The records of a file, streamed. */
export function csvFileRows(path: string): AsyncGenerator<CsvRow> {
  return csvRows(createReadStream(path));
}
