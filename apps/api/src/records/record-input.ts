import { AppException } from '../errors/app.exception';
import { RECORDS_MAX_LIMIT, RECORDS_DEFAULT_LIMIT } from '@app/read-models';

/** Record ids are numeric strings (hubspot-v4-api.md §0.9); anything else names no record. */
const RECORD_ID = /^[1-9][0-9]{0,15}$/;
const MAX_PROPERTY_NAME_LENGTH = 256;

export function isRecordId(value: string): boolean {
  return RECORD_ID.test(value);
}

/**
 * A body's `properties` as the decider takes them: strings; numbers and booleans (which clients send) become
 * strings; `null` clears a property on update and is ignored on creation. Anything else is a 400 naming it.
 */
export function writtenProperties(raw: Record<string, unknown>, mode: 'create'): Record<string, string>;
export function writtenProperties(raw: Record<string, unknown>, mode: 'update'): Record<string, string | null>;
export function writtenProperties(
  raw: Record<string, unknown>,
  mode: 'create' | 'update',
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.length === 0 || name.length > MAX_PROPERTY_NAME_LENGTH) {
      throw new AppException('VALIDATION_FAILED', `Property names must be 1-${MAX_PROPERTY_NAME_LENGTH} characters`, {
        property: name,
      });
    }
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (value === null) {
      if (mode === 'update') out[name] = null;
    } else {
      throw new AppException('VALIDATION_FAILED', `Property "${name}" must be a string, number, boolean or null`, {
        property: name,
      });
    }
  }
  return out;
}

/** `?properties=a&properties=b` or `?properties=a,b` (hubspot-v4-api.md §6.9), deduplicated, in order. */
export function listParam(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const names = values.flatMap((v) => String(v).split(',')).map((v) => v.trim());
  return [...new Set(names.filter((v) => v.length > 0))];
}

export function booleanParam(name: string, value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new AppException('VALIDATION_FAILED', `The ${name} parameter must be true or false`, { [name]: value });
}

export function limitParam(value: string | string[] | undefined): number {
  if (value === undefined) return RECORDS_DEFAULT_LIMIT;
  const limit = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= RECORDS_MAX_LIMIT)) {
    throw new AppException('VALIDATION_FAILED', `limit must be an integer from 1 to ${RECORDS_MAX_LIMIT}`, {
      limit: value,
    });
  }
  return limit;
}

export function afterParam(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9]{1,16}$/.test(value)) {
    throw new AppException('VALIDATION_FAILED', 'after must be the paging.next.after of a previous page', {
      after: value,
    });
  }
  return Number(value);
}
