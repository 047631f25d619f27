/**
 * Polls `probe` until `done` accepts its value and returns that value. A probe that throws counts as not done yet
 * (a server still starting). Fails after `timeoutMs`, quoting the last value.
 */
export async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { what?: string; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${options.what ?? 'condition'}: not met in time (last: ${JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
