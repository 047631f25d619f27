import { DomainError } from '@app/domain';
import type { BatchItemError } from '../commands/command-batch';
import { hubSpotContext } from '../errors/http-error.mapper';

/** `runBatch`'s item errors for limit inputs: a broken rule fails that input, named by its typeId. */
export function limitItemError(error: unknown, input: { typeId: number }): BatchItemError | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const context = hubSpotContext({ code: error.code, typeId: input.typeId, ...error.context });
  return { status: 'error', category: 'VALIDATION_ERROR', message: error.message, context, links: {}, errors: [] };
}
