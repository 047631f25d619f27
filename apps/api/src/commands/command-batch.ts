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
 * Runs each input of a batch as its own command (step `input-<index>`, so event ids differ), one after the other,
 * in one write group: each input is decided against what the ones before it wrote, and the batch is appended at once
 * (CommandExecutor.group). `itemError` turns what an input broke into its `StandardError` (that input writes nothing),
 * or returns undefined for a failure of the service, which fails the request. The batch answers the position of its
 * append, or the no-op position when nothing was written.
 */
export function runBatch<I, T>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  itemError: (error: unknown, input: I) => BatchItemError | undefined,
  run: (input: I, step: string) => Promise<CommandOutcome<T>>,
): Promise<CommandOutcome<BatchOutcome<T>>> {
  return executor.group(context, async () => {
    const results: T[] = [];
    const errors: BatchItemError[] = [];
    for (const [index, input] of inputs.entries()) {
      try {
        results.push((await run(input, `input-${index}`)).result);
      } catch (error) {
        const failed = itemError(error, input);
        if (!failed) throw error;
        errors.push(failed);
      }
    }
    const position = await noOpPosition(executor, context);
    return { position, result: { results, errors, startedAt: context.now, completedAt: new Date().toISOString() } };
  });
}

/**
 * Runs each input as its own command in order, in one write group, for batches answered 204 (no room for per-input
 * errors): the first failing input fails the request with its error, and nothing the group held is written.
 */
export async function runBatchSteps<I>(
  executor: CommandExecutor,
  context: CommandContext,
  inputs: readonly I[],
  run: (input: I, step: string) => Promise<CommandOutcome<unknown>>,
): Promise<CommandOutcome<void>> {
  return executor.group(context, async () => {
    for (const [index, input] of inputs.entries()) await run(input, `input-${index}`);
    return { position: await noOpPosition(executor, context), result: undefined };
  });
}
