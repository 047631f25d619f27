import type { CommandContext } from '../commands/command-context';
import type { CommandExecutor, CommandOutcome } from '../commands/command-executor';
import { hubSpotContext, mapToHttpError } from '../errors/http-error.mapper';
import { AppException } from '../errors/app.exception';
import { DomainError } from '@app/domain';

/** HubSpot's `StandardError`: one failed input of a batch. */
export interface AssociationBatchError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: [];
}

export interface AssociationBatchOutcome<T> {
  results: T[];
  errors: AssociationBatchError[];
  startedAt: string;
  completedAt: string;
}

/** What the request broke about one input (a rule, an unknown record), as opposed to a failure of the service. */
function isInputError(error: unknown): error is DomainError | AppException {
  if (error instanceof DomainError) return true;
  return error instanceof AppException && (error.code === 'VALIDATION_FAILED' || error.code === 'NOT_FOUND');
}

/** One failed input, named by its ids besides what the error says. */
export function batchItemError(error: unknown, input: Record<string, string>): AssociationBatchError {
  const mapped = mapToHttpError(error);
  const context = { ...hubSpotContext(input), ...hubSpotContext(mapped.context ?? {}) };
  return { status: 'error', category: mapped.category, message: mapped.message, context, links: {}, errors: [] };
}

/**
 * Runs each input as its own command (step `input-<index>`, so event ids differ), one after the other. A broken
 * rule or unknown record fails that input only; anything else (the store is down) fails the request. The batch's
 * position is the highest written, or the executor's no-op position when nothing was.
 */
export async function runAssociationBatch<I, T>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  named: (input: I) => Record<string, string>,
  run: (input: I, step: string) => Promise<CommandOutcome<T>>,
): Promise<CommandOutcome<AssociationBatchOutcome<T>>> {
  const results: T[] = [];
  const errors: AssociationBatchError[] = [];
  let position: bigint | undefined;
  for (const [index, input] of inputs.entries()) {
    try {
      const outcome = await run(input, `input-${index}`);
      results.push(outcome.result);
      if (position === undefined || outcome.position > position) position = outcome.position;
    } catch (error) {
      if (!isInputError(error)) throw error;
      errors.push(batchItemError(error, named(input)));
    }
  }
  position ??= (await executor.execute(context, () => Promise.resolve({ writes: [], result: undefined }))).position;
  return { position, result: { results, errors, startedAt: context.now, completedAt: new Date().toISOString() } };
}

/**
 * Runs each input as its own command in order, for batches answered 204 (no room for per-input errors): the first
 * failing input fails the request with its error; the inputs before it stay applied (each is idempotent to retry).
 */
export async function runAssociationSteps<I>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  run: (input: I, step: string) => Promise<CommandOutcome<unknown>>,
): Promise<CommandOutcome<void>> {
  let position: bigint | undefined;
  for (const [index, input] of inputs.entries()) {
    const outcome = await run(input, `input-${index}`);
    if (position === undefined || outcome.position > position) position = outcome.position;
  }
  position ??= (await executor.execute(context, () => Promise.resolve({ writes: [], result: undefined }))).position;
  return { position, result: undefined };
}
