/**
 * In-process turns on streams. Optimistic concurrency is right between processes, but inside one process 50
 * requests labeling the same hub company all read its links stream at the same revision, one append wins and 49
 * retry — and again, O(n²) work that ends in 409s once the retries run out. A command that lost a race on a stream,
 * or that is about to write a stream another command of this process is waiting on, takes a turn on it instead:
 * FIFO, several streams always taken in name order (so two commands never wait on each other), released once its
 * append is decided. Correctness never depends on it — the append still checks every expected revision.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether a command of this process holds or waits for a turn on `stream`. */
  isBusy(stream: string): boolean {
    return this.tails.has(stream);
  }

  /** Waits for a turn on every stream (in name order); the returned function ends them. */
  async acquire(streams: Iterable<string>): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const stream of [...new Set(streams)].sort()) releases.push(await this.turn(stream));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
    };
  }

  private async turn(stream: string): Promise<() => void> {
    const previous = this.tails.get(stream) ?? Promise.resolve();
    let end!: () => void;
    const mine = new Promise<void>((resolve) => (end = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(stream, tail);
    await previous;
    return () => {
      end();
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    };
  }
}

/** One command's turns (one attempt after another): the streams it waits on, and the end of its turns. */
export class StreamTurns {
  private readonly streams = new Set<string>();
  private release: (() => void) | undefined;

  constructor(private readonly queue: StreamQueue) {}

  /** Of `streams`, those another command of the process is at and this one has no turn on. */
  busy(streams: readonly string[]): string[] {
    return streams.filter((s) => !this.streams.has(s) && this.queue.isBusy(s));
  }

  holds(stream: string): boolean {
    return this.streams.has(stream);
  }

  /** Ends the turns held, then takes turns on those and `more` together (in name order: no two wait on each other). */
  async take(more: readonly string[]): Promise<void> {
    this.release?.();
    for (const stream of more) this.streams.add(stream);
    this.release = await this.queue.acquire(this.streams);
  }

  end(): void {
    this.release?.();
  }
}
