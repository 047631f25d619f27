import { DomainError } from '@app/domain';
import type { CommandContext } from '../commands/command-context';
import type { CommandExecutor, CommandOutcome } from '../commands/command-executor';
import { hubSpotContext } from '../errors/http-error.mapper';

/** HubSpot's `StandardError`: one failed input of a batch answered 207. */
export interface BatchItemError {
  status: 'error';
  category: 'VALIDATION_ERROR';
  message: string;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: [];
}

export interface LimitBatchOutcome<T> {
  results: T[];
  errors: BatchItemError[];
  startedAt: string;
  completedAt: string;
}

function itemError(error: DomainError, input: { typeId: number }): BatchItemError {
  const context = hubSpotContext({ code: error.code, typeId: input.typeId, ...error.context });
  return { status: 'error', category: 'VALIDATION_ERROR', message: error.message, context, links: {}, errors: [] };
}

/**
 * Runs each input as its own command (step `input-<index>`, so event ids differ), in order. A broken rule fails
 * that input only; anything else (the store is down) fails the request. The batch's position is the last one
 * written, or the executor's no-op position when nothing was.
 */
export async function runLimitBatch<I extends { typeId: number }, T>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  run: (input: I, step: string) => Promise<CommandOutcome<T>>,
): Promise<CommandOutcome<LimitBatchOutcome<T>>> {
  const results: T[] = [];
  const errors: BatchItemError[] = [];
  let position: bigint | undefined;
  for (const [index, input] of inputs.entries()) {
    try {
      const outcome = await run(input, `input-${index}`);
      results.push(outcome.result);
      if (position === undefined || outcome.position > position) position = outcome.position;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(itemError(error, input));
    }
  }
  position ??= (await executor.execute(context, () => Promise.resolve({ writes: [], result: undefined }))).position;
  const completedAt = new Date().toISOString();
  return { position, result: { results, errors, startedAt: context.now, completedAt } };
}
