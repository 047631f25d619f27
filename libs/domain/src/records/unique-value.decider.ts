import { assertNever, type Command, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';

/**
 * A unique property's value (a contact's email, a company's domain) is claimed by at most one live record of the
 * account: one claim stream per (account, object type, property, normalized value). The first claim appends with
 * expected `no_stream`, so two concurrent creations with the same value have one winner; the loser re-decides and
 * is refused. Archiving the record, or changing the value, releases the claim.
 */
export const UNIQUE_RECORD_PROPERTIES: Readonly<Record<string, string>> = { '0-1': 'email', '0-2': 'domain' };

/** The property whose values are unique for records of this type, if any. */
export function uniquePropertyOf(objectTypeId: string): string | undefined {
  return Object.hasOwn(UNIQUE_RECORD_PROPERTIES, objectTypeId) ? UNIQUE_RECORD_PROPERTIES[objectTypeId] : undefined;
}

/** Emails and domains compare case-insensitively and without surrounding blanks; empty means no value. */
export function normalizeUniqueValue(value: string | null | undefined): string | undefined {
  const normalized = value?.trim().toLowerCase();
  return normalized ? normalized : undefined;
}

const STREAM_SAFE = /[A-Za-z0-9_-]/;
const MAX_STREAM_NAME_LENGTH = 255;

/** Injective and readable: letters, digits, `_` and `-` stay; every other UTF-8 byte becomes `:xx`. */
function encodeValue(value: string): string {
  let out = '';
  for (const char of value) {
    if (STREAM_SAFE.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `:${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function uniqueValueStream(accountId: string, objectTypeId: string, property: string, value: string): string {
  const name = `unique-${accountId}.${objectTypeId}.${property}.${encodeValue(value)}`;
  if (name.length > MAX_STREAM_NAME_LENGTH) {
    throw new DomainError('UNIQUE_VALUE_TOO_LONG', `The value of ${property} is too long to be kept unique`, {
      property,
      objectTypeId,
    });
  }
  return name;
}

interface ClaimRef {
  objectTypeId: string;
  property: string;
  /** Normalized. */
  value: string;
  recordId: string;
}
export type ClaimUniqueValue = Command<'ClaimUniqueValue', ClaimRef>;
export type ReleaseUniqueValue = Command<'ReleaseUniqueValue', ClaimRef>;
export type UniqueValueCommand = ClaimUniqueValue | ReleaseUniqueValue;
export type UniqueValueClaimed = DomainEvent<'UniqueValueClaimed', ClaimRef & { claimedAt: string }>;
export type UniqueValueReleased = DomainEvent<'UniqueValueReleased', ClaimRef & { releasedAt: string }>;
export type UniqueValueEvent = UniqueValueClaimed | UniqueValueReleased;
export type UniqueValueState = { status: 'Free' } | { status: 'Claimed'; recordId: string };

export const uniqueValueDecider: Decider<UniqueValueCommand, UniqueValueEvent, UniqueValueState> = {
  initialState: () => ({ status: 'Free' }),

  decide(command, state) {
    const { objectTypeId, property, value, recordId } = command.data;
    const ref = { objectTypeId, property, value, recordId };
    switch (command.type) {
      case 'ClaimUniqueValue':
        if (state.status === 'Free') {
          return [{ type: 'UniqueValueClaimed', data: { ...ref, claimedAt: command.metadata.now } }];
        }
        if (state.recordId === recordId) return [];
        throw new DomainError(
          'UNIQUE_VALUE_TAKEN',
          `A record of ${objectTypeId} with ${property} '${value}' already exists. Existing ID: ${state.recordId}`,
          { objectTypeId, property, value, existingId: state.recordId },
        );
      case 'ReleaseUniqueValue':
        // Only the holder releases; releasing a value another record now holds changes nothing.
        if (state.status !== 'Claimed' || state.recordId !== recordId) return [];
        return [{ type: 'UniqueValueReleased', data: { ...ref, releasedAt: command.metadata.now } }];
      default:
        return assertNever(command, 'unique value command');
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'UniqueValueClaimed':
        return { status: 'Claimed', recordId: event.data.recordId };
      case 'UniqueValueReleased':
        return { status: 'Free' };
      default:
        return assertNever(event, 'unique value event');
    }
  },
};
