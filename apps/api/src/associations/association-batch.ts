import { DomainError } from '@app/domain';
import type { BatchItemError } from '../commands/command-batch';
import { AppException } from '../errors/app.exception';
import { hubSpotContext, mapToHttpError } from '../errors/http-error.mapper';

/** What the request broke about one input (a rule, an unknown record), as opposed to a failure of the service. */
function isInputError(error: unknown): error is DomainError | AppException {
  if (error instanceof DomainError) return true;
  return error instanceof AppException && (error.code === 'VALIDATION_FAILED' || error.code === 'NOT_FOUND');
}

/** One failed input, named by its ids besides what the error says. */
export function batchItemError(error: unknown, input: Record<string, string>): BatchItemError {
  const mapped = mapToHttpError(error);
  const context = { ...hubSpotContext(input), ...hubSpotContext(mapped.context ?? {}) };
  return { status: 'error', category: mapped.category, message: mapped.message, context, links: {}, errors: [] };
}

/** `runBatch`'s item errors for association inputs: input errors are reported, named by `named(input)`. */
export function associationItemError<I>(named: (input: I) => Record<string, string>) {
  return (error: unknown, input: I): BatchItemError | undefined =>
    isInputError(error) ? batchItemError(error, named(input)) : undefined;
}
