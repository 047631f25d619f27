import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const ACCEPTED_HEADERS = [CORRELATION_ID_HEADER, 'x-request-id'] as const;

/** Printable, short, no spaces or quotes: safe to echo in a header and a log line. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

/**
 * The request's correlation id: the client's `X-Correlation-Id` (or `X-Request-Id`) when it is sane, else a new
 * UUID. Used as fastify's request id, so the logs, the response header and error bodies share it.
 */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  for (const name of ACCEPTED_HEADERS) {
    const value = headers[name];
    const candidate = Array.isArray(value) ? value[0] : value;
    if (candidate !== undefined && SANE_ID.test(candidate)) return candidate;
  }
  return randomUUID();
}
