/**
 * A rule of the domain was broken. `code` is stable (STYLE.md §10) and mapped to HTTP once, by the api's
 * exception filter; `context` carries what a client needs to act (ids, counts, limits).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
