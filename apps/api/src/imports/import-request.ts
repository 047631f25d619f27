import { randomUUID } from 'node:crypto';
import { AppException } from '../errors/app.exception';
import type { ImportRequest } from './import.service';

const IMPORT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const invalid = (message: string) => new AppException('VALIDATION_FAILED', message);

/** An import id as clients and the CLI may choose it (it names the import's stream and its kept file). */
export function assertImportId(importId: string): string {
  if (!IMPORT_ID.test(importId)) {
    throw invalid('importId must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return importId;
}

function flag(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '') return false;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw invalid(`${name} must be true or false`);
}

/** The options of an upload's fields: fromObjectType, toObjectType (required), fromKey, toKey, mode, createMissing, importId. */
export function importRequestOf(fields: Record<string, string>, fileName: string): ImportRequest {
  const required = (name: string): string => {
    const value = fields[name]?.trim();
    if (!value) throw invalid(`${name} is required (an object type such as contacts, companies or 0-1)`);
    return value;
  };
  const mode = (fields.mode ?? 'set').trim().toLowerCase();
  if (mode !== 'set' && mode !== 'add') throw invalid('mode must be set (replace the labels) or add');
  const optional = (name: string) => (fields[name]?.trim() ? fields[name].trim() : undefined);
  return {
    importId: assertImportId(optional('importId') ?? randomUUID()),
    fromObjectType: required('fromObjectType'),
    toObjectType: required('toObjectType'),
    fromKey: optional('fromKey'),
    toKey: optional('toKey'),
    mode,
    createMissing: flag(fields.createMissing, 'createMissing'),
    fileName,
  };
}
