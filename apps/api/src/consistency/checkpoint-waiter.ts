import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_STORE, type ReadModelStore } from '@app/read-models';

/** Between two reads of the checkpoints; an in-process runner wakes waiters sooner through `notify`. */
const POLL_MS = 10;

/**
 * Waits, bounded, until projections have passed a global position (DESIGN.md §8: read your own writes). Reads the
 * stored checkpoint of each projection's active generation, so it works whichever process runs the projections.
 */
@Injectable()
export class CheckpointWaiter {
  private readonly wakers = new Set<() => void>();

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  /** Re-checks every waiter now: the in-process runner calls it after each batch it writes. */
  notify(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** True once every named projection's checkpoint is ≥ `position`; false when `timeoutMs` ran out first. */
  async waitFor(projections: readonly string[], position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.passed(projections, position)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.sleep(Math.min(POLL_MS, left));
    }
  }

  private async passed(projections: readonly string[], position: bigint): Promise<boolean> {
    const checkpoints = await Promise.all(
      projections.map(async (projection) => {
        const generation = await this.store.activeGeneration(projection);
        return (await this.store.checkpoint({ projection, generation })) ?? 0n;
      }),
    );
    return checkpoints.every((checkpoint) => checkpoint >= position);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
