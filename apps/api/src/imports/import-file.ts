import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppException } from '../errors/app.exception';
import { csvRows } from './import-csv.reader';

/** What the importer knows of a file before anything is written: its identity, header and size in rows. */
export interface InspectedFile {
  bytes: number;
  sha256: string;
  header: string[];
  /** Data rows (records after the header, malformed stretches counted as one each). */
  rows: number;
}

const invalid = (message: string, context?: Record<string, unknown>) =>
  new AppException('VALIDATION_FAILED', message, context);

/** Reads the file's bytes once: hash, size, and whether it is text (UTF-8 without NUL bytes). */
async function fingerprint(path: string): Promise<{ bytes: number; sha256: string; text: boolean }> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let text = true;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (!text) continue;
    if (chunk.includes(0)) text = false;
    else {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        text = false;
      }
    }
  }
  return { bytes, sha256: hash.digest('hex'), text };
}

/** The file's SHA-256: a resumed import checks it holds the file it was started with. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Checks that a file is a CSV the importer can read — not empty, UTF-8 text, a readable header, at least one row —
 * and counts its rows. Problems are a 400 before anything is written.
 */
export async function inspectImportFile(path: string, fileName: string): Promise<InspectedFile> {
  const { bytes, sha256, text } = await fingerprint(path);
  if (bytes === 0) throw invalid(`${fileName} is empty; an import file is CSV with a header row and at least one row`);
  if (!text) {
    throw invalid(`${fileName} is not a CSV file: it is not UTF-8 text (binary content, or another encoding)`);
  }
  let header: string[] | undefined;
  let rows = 0;
  for await (const row of csvRows(createReadStream(path))) {
    if (header === undefined) {
      if ('error' in row) throw invalid(`${fileName} is not a CSV file: its header cannot be read (${row.error})`);
      header = row.fields;
      continue;
    }
    rows += 1;
  }
  if (header === undefined) throw invalid(`${fileName} is empty; it holds no header row`);
  if (rows === 0) throw invalid(`${fileName} has a header but no rows to import`);
  return { bytes, sha256, header, rows };
}
