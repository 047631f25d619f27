/**
 * Stable codes for errors the application raises on purpose. Clients and tests may rely on them; add codes,
 * never rename them. Each code is mapped to an HTTP status and HubSpot category in `http-error.mapper.ts`.
 */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'RATE_LIMITED'
  | 'AUTH_PROVIDER_UNAVAILABLE';

/**
 * An error the application raises on purpose, in any layer above the domain. Carries no HTTP knowledge:
 * the global `HubSpotErrorFilter` turns it into a response. `context` is sent to the client as is.
 */
export class AppException extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly context?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppException';
  }
}
