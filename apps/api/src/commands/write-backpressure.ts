import { Logger } from '@nestjs/common';
import type { ProjectionRunner } from '@app/read-models';

/** The command side's WriteBackpressure, or null where commands do not wait (projections in another process). */
export const WRITE_BACKPRESSURE = Symbol('WRITE_BACKPRESSURE');

/** Between two looks at the projections' checkpoints while a command waits. */
const POLL_MS = 5;
/** The longest a command waits: projections that make no progress for this long do not hold writes up forever. */
const MAX_WAIT_MS = 30_000;

/**
 * Backpressure from the read side to the write side in embedded mode (projections inline, SQLite: positions count
 * events). Commands are accepted as fast as they are decided, and the inline projections share the same event loop:
 * under a sustained bulk load (batch/create in a loop, an import) they fell tens of thousands of events behind, and
 * queries answered stale after waiting for their read-your-writes bound. A command now waits, before it is decided,
 * while the slowest running projection is more than `maxLag` events behind the last position this process wrote —
 * so writes go at the pace the read models keep up with. Bounded: after MAX_WAIT_MS it goes ahead (and says so).
 */
export class WriteBackpressure {
  private readonly logger = new Logger(WriteBackpressure.name);
  /** The slowest checkpoint when a command last gave up waiting: while it has not moved, nobody waits again. */
  private stalledAt: bigint | undefined;

  constructor(
    private readonly runner: Pick<ProjectionRunner, 'status'>,
    private readonly maxLag: number,
    private readonly waitMs = MAX_WAIT_MS,
  ) {}

  /** Resolves once the projections are within `maxLag` events of `written` (at once when they are). */
  async admit(written: bigint | undefined): Promise<void> {
    if (written === undefined || this.within(written)) return;
    if (this.stalledAt !== undefined && this.slowest() === this.stalledAt) return;
    const deadline = Date.now() + this.waitMs;
    while (!this.within(written)) {
      if (Date.now() >= deadline) {
        this.stalledAt = this.slowest();
        this.logger.warn(`Projections stayed more than ${this.maxLag} events behind for ${this.waitMs} ms; writing on`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.stalledAt = undefined;
  }

  /**
   * The slowest checkpoint among the projections a command waits for: those live in this process, which fell behind
   * under its writes. Not one still catching up since it started (a restart or a rebuild far behind must not stop
   * writes for its duration), waiting for its lease (another process applies it: a CLI import on the same file),
   * retrying a poison event, failed or stopped (/health tells).
   */
  private slowest(): bigint | undefined {
    let slowest: bigint | undefined;
    for (const { phase, checkpoint } of this.runner.status()) {
      if (phase === 'live' && (slowest === undefined || checkpoint < slowest)) slowest = checkpoint;
    }
    return slowest;
  }

  private within(written: bigint): boolean {
    const slowest = this.slowest();
    return slowest === undefined || written - slowest <= BigInt(this.maxLag);
  }
}
