import { assertNever, type Command, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';

/**
 * An account's record id counter (ADR 0006 §6): api processes reserve blocks of ids, so allocation is not a hot
 * stream. Ids are numeric strings (hubspot-v4-api.md §0.9), starting at 1.
 */
export function idsStream(accountId: string): string {
  return `ids-${accountId}`;
}

export const MAX_RECORD_IDS_PER_RESERVATION = 10_000;

export type ReserveRecordIds = Command<'ReserveRecordIds', { count: number }>;
export type RecordIdsCommand = ReserveRecordIds;
/** Ids `from..to`, both included. */
export type RecordIdsReserved = DomainEvent<'RecordIdsReserved', { from: number; to: number }>;
export type RecordIdsEvent = RecordIdsReserved;
export interface RecordIdsState {
  /** The highest id reserved so far; 0 before the first reservation. */
  readonly last: number;
}

export const recordIdsDecider: Decider<RecordIdsCommand, RecordIdsEvent, RecordIdsState> = {
  initialState: () => ({ last: 0 }),

  decide(command, state) {
    switch (command.type) {
      case 'ReserveRecordIds': {
        const { count } = command.data;
        if (!Number.isInteger(count) || count < 1 || count > MAX_RECORD_IDS_PER_RESERVATION) {
          throw new DomainError(
            'INVALID_ID_RESERVATION',
            `Cannot reserve ${count} record ids: reserve between 1 and ${MAX_RECORD_IDS_PER_RESERVATION} at a time`,
            { count, min: 1, max: MAX_RECORD_IDS_PER_RESERVATION },
          );
        }
        return [{ type: 'RecordIdsReserved', data: { from: state.last + 1, to: state.last + count } }];
      }
      default:
        return assertNever(command.type, 'record ids command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RecordIdsReserved':
        return { last: Math.max(state.last, event.data.to) };
      default:
        return assertNever(event.type, 'record ids event');
    }
  },
};
