/**
 * Where personal data sits in events (ADR 0007, "Erasure"; ADR 0008 for imports). The store seals these fields under
 * a data key on append and opens them on read; once erasure destroys the key they read as the erased values below,
 * with `erased: true` on the event's data. Two owners have keys: a record (its property values and unique values) and
 * an import (the rejected rows it keeps: their fields and reasons quote emails and domains). Every other field of
 * these events, and every other event, carries no personal data: ids, times, actors, counts, label typeIds and the
 * keyed hash of a unique value (`valueKey`).
 */

/** The events that carry a record's property values, and the top-level fields of their data that hold them. */
const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  RecordCreated: ['properties'],
  RecordUpdated: ['changes'],
  UniqueValueClaimed: ['value'],
  UniqueValueReleased: ['value'],
  ImportBatchRecorded: ['errors'],
};

/** How a sealed field reads once its key is destroyed: the same shape, no content. */
const ERASED_VALUES: Readonly<Record<string, unknown>> = { properties: {}, changes: {}, value: '', errors: [] };

export interface PersonalData {
  /** The data key that seals the fields: the record's, or the import's. */
  keyName: string;
  fields: readonly string[];
}

/** The name of a record's data key. */
export function recordKeyName(objectTypeId: string, recordId: string): string {
  return `record.${objectTypeId}.${recordId}`;
}

/** The name of an import's data key: it seals the rows the import rejected. */
export function importKeyName(importId: string): string {
  return `import.${importId}`;
}

interface RecordOwned {
  objectTypeId?: unknown;
  recordId?: unknown;
}

function ownerKeyOf(data: unknown): string | undefined {
  const { objectTypeId, recordId } = (data ?? {}) as RecordOwned;
  return typeof objectTypeId === 'string' && typeof recordId === 'string'
    ? recordKeyName(objectTypeId, recordId)
    : undefined;
}

function importKeyOf(data: unknown): string | undefined {
  const { importId } = (data ?? {}) as { importId?: unknown };
  return typeof importId === 'string' ? importKeyName(importId) : undefined;
}

/** The personal fields of an event and the key that seals them; undefined for an event without personal data. */
export function personalDataOf(event: { type: string; data: unknown }): PersonalData | undefined {
  const fields = Object.hasOwn(PERSONAL_FIELDS, event.type) ? PERSONAL_FIELDS[event.type] : undefined;
  if (fields === undefined) return undefined;
  if (event.type === 'ImportBatchRecorded') {
    // A batch that rejected nothing holds nothing to seal (and needs no key).
    const { errors } = (event.data ?? {}) as { errors?: unknown };
    if (Array.isArray(errors) && errors.length === 0) return undefined;
    const keyName = importKeyOf(event.data);
    return keyName === undefined ? undefined : { keyName, fields };
  }
  const keyName = ownerKeyOf(event.data);
  return keyName === undefined ? undefined : { keyName, fields };
}

/** The data key an event destroys once it is stored: a record's on `RecordErased`, an import's on `ImportErrorsErased`. */
export function keyErasedBy(event: { type: string; data: unknown }): string | undefined {
  if (event.type === 'RecordErased') return ownerKeyOf(event.data);
  if (event.type === 'ImportErrorsErased') return importKeyOf(event.data);
  return undefined;
}

/** The value a personal field reads as once its key is destroyed. */
export function erasedValueOf(field: string): unknown {
  return Object.hasOwn(ERASED_VALUES, field) ? ERASED_VALUES[field] : null;
}
