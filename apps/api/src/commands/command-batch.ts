import type { CommandContext } from './command-context';
import type { CommandExecutor, CommandOutcome } from './command-executor';

/** HubSpot's `StandardError`: one failed input of a batch. */
export interface BatchItemError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: [];
}

export interface BatchOutcome<T> {
  results: T[];
  errors: BatchItemError[];
  startedAt: string;
  completedAt: string;
}

/** The position a batch answers when none of its inputs wrote anything. */
async function noOpPosition(executor: CommandExecutor, context: CommandContext): Promise<bigint> {
  return (await executor.execute(context, () => Promise.resolve({ writes: [], result: undefined }))).position;
}

/**
 * Runs each input of a batch as its own command (step `input-<index>`, so event ids differ), one after the other.
 * `itemError` turns what an input broke into its `StandardError`, or returns undefined for a failure of the service,
 * which fails the request. The batch's position is the highest written, or the no-op position when nothing was.
 */
export async function runBatch<I, T>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  itemError: (error: unknown, input: I) => BatchItemError | undefined,
  run: (input: I, step: string) => Promise<CommandOutcome<T>>,
): Promise<CommandOutcome<BatchOutcome<T>>> {
  const results: T[] = [];
  const errors: BatchItemError[] = [];
  let position: bigint | undefined;
  for (const [index, input] of inputs.entries()) {
    try {
      const outcome = await run(input, `input-${index}`);
      results.push(outcome.result);
      if (position === undefined || outcome.position > position) position = outcome.position;
    } catch (error) {
      const failed = itemError(error, input);
      if (!failed) throw error;
      errors.push(failed);
    }
  }
  position ??= await noOpPosition(executor, context);
  return { position, result: { results, errors, startedAt: context.now, completedAt: new Date().toISOString() } };
}

/**
 * Runs each input as its own command in order, for batches answered 204 (no room for per-input errors): the first
 * failing input fails the request with its error; the inputs before it stay applied (each is idempotent to retry).
 */
export async function runBatchSteps<I>(
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
  position ??= await noOpPosition(executor, context);
  return { position, result: undefined };
}
