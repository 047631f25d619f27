import type { ExpectedState } from './event-store.port';

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'INVALID_STREAM_NAME'
  | 'EVENT_TOO_LARGE'
  | 'INVALID_EVENT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'STORE_UNAVAILABLE';

/** Base class of every error the event store port throws on purpose. */
export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

export function describeExpected(expected: ExpectedState): string {
  return typeof expected === 'bigint' ? `revision ${expected}` : expected;
}

export function describeActual(actual: bigint | undefined): string {
  return actual === undefined ? 'no stream' : `revision ${actual}`;
}

export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION' as const;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedState,
    readonly actual: bigint | undefined,
  ) {
    super(
      `Wrong expected version for stream '${stream}': expected ${describeExpected(expected)}, actual ${describeActual(actual)}`,
    );
  }
}

export class InvalidStreamNameError extends EventStoreError {
  readonly code = 'INVALID_STREAM_NAME' as const;
  constructor(
    readonly stream: string,
    reason: string,
  ) {
    super(`Invalid stream name '${stream}': ${reason}`);
  }
}

export class EventTooLargeError extends EventStoreError {
  readonly code = 'EVENT_TOO_LARGE' as const;
  constructor(
    readonly eventId: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`Event ${eventId} is ${size} bytes; the limit is ${limit} bytes (data and metadata as JSON)`);
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT' as const;
  constructor(message: string) {
    super(message);
  }
}

/** The same event id was appended before with other content or to another stream. */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_CONFLICT' as const;
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`Event id ${eventId} was already used: ${reason}`);
  }
}

export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(
    readonly store: string,
    cause: unknown,
  ) {
    super(`Event store '${store}' is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
