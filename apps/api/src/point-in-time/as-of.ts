import { AppException } from '../errors/app.exception';

/** A moment in the log: a global position, or a time (resolved to the last position recorded at or before it). */
export type AsOf = { position: bigint } | { time: number };

const POSITION = /^\d{1,20}$/;
/** ISO 8601 date or date-time (UTC `Z` or an offset); a date alone means its midnight UTC. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** The `asOf` query parameter; undefined when absent, VALIDATION_FAILED when it is neither a position nor a time. */
export function asOfParam(value: string | string[] | undefined): AsOf | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && POSITION.test(value)) return { position: BigInt(value) };
  const time = typeof value === 'string' && ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(time)) {
    throw new AppException(
      'VALIDATION_FAILED',
      'asOf must be a global position (a non-negative decimal integer, e.g. an X-Event-Position) ' +
        'or an ISO 8601 time (e.g. 2026-03-01T00:00:00Z)',
      { asOf: value },
    );
  }
  return { time };
}
