import { AppException } from '../errors/app.exception';

export const MIN_POSITION_HEADER = 'x-min-position';
export const MIN_POSITION_QUERY = 'minPosition';

/** A global position: decimal digits, at most 20 (2^64 has 20). */
const POSITION = /^\d{1,20}$/;

/**
 * The minimum position a query asks for: the `X-Min-Position` header, else the `minPosition` query parameter;
 * undefined when neither is sent. Anything but a non-negative decimal integer is a VALIDATION_FAILED error.
 */
export function minPositionFrom(
  headers: Record<string, string | string[] | undefined>,
  query: unknown,
): bigint | undefined {
  const header = headers[MIN_POSITION_HEADER];
  const fromQuery =
    typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[MIN_POSITION_QUERY] : undefined;
  const [source, raw] =
    header !== undefined
      ? (['X-Min-Position header', header] as const)
      : (['minPosition parameter', fromQuery] as const);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !POSITION.test(raw.trim())) {
    throw new AppException(
      'VALIDATION_FAILED',
      `The ${source} must be a global position: a non-negative decimal integer (got ${JSON.stringify(raw)})`,
      { [source.startsWith('X-') ? 'X-Min-Position' : MIN_POSITION_QUERY]: raw },
    );
  }
  return BigInt(raw.trim());
}
