import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { EventStoreError, WrongExpectedVersionError, describeActual, describeExpected } from '@app/event-store';
import type { AppErrorCode } from './app.exception';
import { AppException } from './app.exception';
import type { ErrorCategory } from './hubspot-error.response.dto';

/** What the filter writes for one error, before it adds the correlation id. */
export interface MappedHttpError {
  status: number;
  category: ErrorCategory;
  message: string;
  context?: Record<string, unknown>;
  /** Only on 429: the HubSpot SDK retries a 429 only when it carries this policy name. */
  policyName?: 'TEN_SECONDLY_ROLLING';
  headers?: Record<string, string>;
  /** A server-side fault: log it with its stack. The client only sees a generic message. */
  serverFault: boolean;
}

export const INTERNAL_ERROR_MESSAGE = 'An internal error occurred. Quote the correlationId when reporting it.';

const APP_ERRORS: Record<AppErrorCode, { status: number; category: ErrorCategory }> = {
  VALIDATION_FAILED: { status: 400, category: 'VALIDATION_ERROR' },
  INVALID_JSON: { status: 400, category: 'VALIDATION_ERROR' },
  UNAUTHENTICATED: { status: 401, category: 'INVALID_AUTHENTICATION' },
  FORBIDDEN: { status: 403, category: 'MISSING_SCOPES' },
  NOT_FOUND: { status: 404, category: 'OBJECT_NOT_FOUND' },
  CONFLICT: { status: 409, category: 'CONFLICT' },
  GONE: { status: 410, category: 'OBJECT_NOT_FOUND' },
  RATE_LIMITED: { status: 429, category: 'RATE_LIMITS' },
  AUTH_PROVIDER_UNAVAILABLE: { status: 503, category: 'SERVICE_UNAVAILABLE' },
};

const STATUS_CATEGORIES: Partial<Record<number, ErrorCategory>> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Builds the response for a status; adds what HubSpot clients expect for it (policy name, auth challenge). */
export function httpError(
  status: number,
  message: string,
  options: { category?: ErrorCategory; context?: Record<string, unknown>; serverFault?: boolean } = {},
): MappedHttpError {
  const category =
    options.category ?? STATUS_CATEGORIES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
  const mapped: MappedHttpError = { status, category, message, serverFault: options.serverFault ?? status >= 500 };
  if (options.context !== undefined) mapped.context = options.context;
  if (status === HttpStatus.TOO_MANY_REQUESTS) mapped.policyName = 'TEN_SECONDLY_ROLLING';
  if (status === HttpStatus.UNAUTHORIZED) mapped.headers = { 'WWW-Authenticate': 'Bearer' };
  return mapped;
}

/** Maps anything thrown while handling a request to one HubSpot-shaped error. Pure; the filter writes it. */
export function mapToHttpError(exception: unknown): MappedHttpError {
  if (exception instanceof AppException) {
    const { status, category } = APP_ERRORS[exception.code];
    return httpError(status, exception.message, { category, context: exception.context });
  }
  if (exception instanceof DomainError) return mapDomainError(exception);
  if (exception instanceof EventStoreError) return mapEventStoreError(exception);
  if (exception instanceof HttpException) return mapHttpException(exception);
  if (isFastifyClientError(exception)) return httpError(exception.statusCode, exception.message);
  return httpError(500, INTERNAL_ERROR_MESSAGE, { category: 'INTERNAL_ERROR' });
}

/**
 * Domain rules are broken by the request: 400 VALIDATION_ERROR (hubspot-v4-api.md §5.2), except what is missing
 * (404) and what collides with existing state (409). Domain codes not listed here are 400.
 */
const DOMAIN_STATUS: Record<string, { status: number; category: ErrorCategory }> = {
  LABEL_NOT_FOUND: { status: 404, category: 'OBJECT_NOT_FOUND' },
  CUSTOM_OBJECT_NOT_FOUND: { status: 404, category: 'OBJECT_NOT_FOUND' },
  LABEL_NAME_TAKEN: { status: 409, category: 'CONFLICT' },
  OBJECT_NAME_TAKEN: { status: 409, category: 'CONFLICT' },
  LABEL_RETIRING: { status: 409, category: 'CONFLICT' },
  LABEL_NOT_RETIRING: { status: 409, category: 'CONFLICT' },
  LABEL_DELETED: { status: 404, category: 'OBJECT_NOT_FOUND' },
  RECORD_NOT_FOUND: { status: 404, category: 'OBJECT_NOT_FOUND' },
  // HubSpot answers writes to an archived record as if it did not exist.
  RECORD_ARCHIVED: { status: 404, category: 'OBJECT_NOT_FOUND' },
  // An erased record is gone for good: reads and writes find nothing.
  RECORD_ERASED: { status: 404, category: 'OBJECT_NOT_FOUND' },
  RECORD_EXISTS: { status: 409, category: 'CONFLICT' },
  UNIQUE_VALUE_TAKEN: { status: 409, category: 'CONFLICT' },
  // The usage projection did not catch up in time: nothing was deleted, and the client may retry.
  LABEL_USAGE_UNKNOWN: { status: 503, category: 'SERVICE_UNAVAILABLE' },
};

function mapDomainError(error: DomainError): MappedHttpError {
  const { status, category } = DOMAIN_STATUS[error.code] ?? { status: 400, category: 'VALIDATION_ERROR' };
  return httpError(status, error.message, {
    category,
    context: { code: [error.code], ...hubSpotContext(error.context) },
  });
}

/** HubSpot's error `context` maps names to lists of strings: numbers, lists and objects are written that way. */
export function hubSpotContext(context: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    out[key] = items.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item)));
  }
  return out;
}

function mapEventStoreError(error: EventStoreError): MappedHttpError {
  switch (error.code) {
    case 'WRONG_EXPECTED_VERSION': {
      if (!(error instanceof WrongExpectedVersionError)) return httpError(409, error.message);
      const { stream, expected, actual } = error;
      return httpError(409, error.message, {
        context: { stream, expected: describeExpected(expected), actual: describeActual(actual) },
      });
    }
    case 'IDEMPOTENCY_CONFLICT':
      return httpError(409, error.message);
    case 'INVALID_STREAM_NAME':
    case 'INVALID_EVENT':
      return httpError(400, error.message);
    case 'EVENT_TOO_LARGE':
      return httpError(413, error.message);
    case 'STORE_UNAVAILABLE':
      // The adapter's message may quote a connection string: keep it in the log only.
      return httpError(503, 'The event store is unavailable; retry later.', { serverFault: true });
    default: {
      const unknownCode: never = error.code;
      void unknownCode;
      return httpError(500, INTERNAL_ERROR_MESSAGE);
    }
  }
}

function mapHttpException(exception: HttpException): MappedHttpError {
  const status = exception.getStatus();
  if (status === 500) return httpError(500, INTERNAL_ERROR_MESSAGE, { category: 'INTERNAL_ERROR' });
  const response = exception.getResponse();
  let message = exception.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const raw = (response as { message: unknown }).message;
    if (typeof raw === 'string') message = raw;
    else if (Array.isArray(raw)) message = raw.map(String).join('; ');
  }
  return httpError(status, message);
}

/** Errors fastify raises for a bad request (FST_ERR_CTP_*) when they reach us unwrapped. */
function isFastifyClientError(error: unknown): error is Error & { statusCode: number; code: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return (
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500 &&
    typeof code === 'string' &&
    code.startsWith('FST_')
  );
}
