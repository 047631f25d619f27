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

const VALUE_KEY = /^[0-9a-f]{32,128}$/;

/**
 * The claim stream of a value, named by its keyed hash (`valueKey`: HMAC-SHA256 under an account secret, hex) and not
 * by the value, so that no stream name holds personal data and erasure leaves nothing readable behind (ADR 0007).
 * The same value always hashes to the same stream, which is all uniqueness needs.
 */
export function uniqueValueStream(accountId: string, objectTypeId: string, property: string, valueKey: string): string {
  if (!VALUE_KEY.test(valueKey)) throw new Error(`Not a unique value key: '${valueKey}'`);
  return `unique-${accountId}.${objectTypeId}.${property}.${valueKey}`;
}

interface ClaimRef {
  objectTypeId: string;
  property: string;
  /** Normalized. Personal data: sealed at rest, blank once the record is erased. */
  value: string;
  /** The value's keyed hash, which names the claim stream and indexes the read model. */
  valueKey: string;
  recordId: string;
}
export type ClaimUniqueValue = Command<'ClaimUniqueValue', ClaimRef>;
export type ReleaseUniqueValue = Command<'ReleaseUniqueValue', ClaimRef>;
export type UniqueValueCommand = ClaimUniqueValue | ReleaseUniqueValue;
/** `erased`: read after the record's erasure, `value` blank (personal-data.ts). */
export type UniqueValueClaimed = DomainEvent<'UniqueValueClaimed', ClaimRef & { claimedAt: string; erased?: true }>;
export type UniqueValueReleased = DomainEvent<'UniqueValueReleased', ClaimRef & { releasedAt: string; erased?: true }>;
export type UniqueValueEvent = UniqueValueClaimed | UniqueValueReleased;
export type UniqueValueState = { status: 'Free' } | { status: 'Claimed'; recordId: string };

export const uniqueValueDecider: Decider<UniqueValueCommand, UniqueValueEvent, UniqueValueState> = {
  initialState: () => ({ status: 'Free' }),

  decide(command, state) {
    const { objectTypeId, property, value, valueKey, recordId } = command.data;
    const ref = { objectTypeId, property, value, valueKey, recordId };
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
