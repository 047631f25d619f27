import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { handles } from '../projection';
import type { Projection } from '../projection';
import { LeaseLostError } from '../read-model.port';
import type { Namespace, PositionedOps, ReadModelStore } from '../read-model.port';
import { batches, pageBatches } from './batches';

export type ProjectionPhase =
  'starting' | 'waiting-for-lease' | 'catching-up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  phase: ProjectionPhase;
  generation: number;
  /** Position of the last event this runner applied or passed; from the store at start. */
  checkpoint: bigint;
  /** When the last applied event was recorded. */
  lastEventAt?: string;
  eventsApplied: number;
  error?: { message: string; position?: string; eventId?: string; eventType?: string; attempts: number };
}

export interface RunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Hooks for metrics (Prometheus in the apps); every one is optional. */
export interface RunnerObserver {
  batchApplied?(projection: string, events: number, applied: number, checkpoint: bigint, lastEventAt?: string): void;
  failed?(projection: string, error: unknown): void;
}

export interface ProjectionRunnerOptions {
  /** Unique per process: it holds the leases. */
  owner: string;
  batchSize?: number;
  leaseTtlMs?: number;
  /** Attempts at a throwing event before the projection stops (poison event). */
  poisonAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often a live runner looks for a generation switch made by a rebuild. */
  generationCheckMs?: number;
  logger?: RunnerLogger;
  observer?: RunnerObserver;
}

/** The projection threw on one event, every attempt: it stops rather than skip the event. */
export class PoisonEventError extends Error {
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `Projection '${projection}' failed on event ${event.id} (${event.type} at position ${event.position}) ` +
        `${attempts} times: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

const silent: RunnerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs projections from checkpointed subscriptions to all events (DESIGN.md §4 rules 1 and 4). Each projection runs
 * on its own: it takes its lease, reads its checkpoint, subscribes after it, and applies batches of writes with the
 * checkpoint atomically (fenced by the lease). A failing store or a lost subscription is retried with backoff from the
 * stored checkpoint; a poison event stops that projection only, visibly.
 */
export class ProjectionRunner {
  private readonly workers: ProjectionWorker[];

  constructor(
    store: EventStore,
    readModels: ReadModelStore,
    projections: readonly Projection[],
    options: ProjectionRunnerOptions,
  ) {
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named '${p.name}'`);
      names.add(p.name);
    }
    this.workers = projections.map((p) => new ProjectionWorker(store, readModels, p, options));
  }

  start(): void {
    for (const worker of this.workers) worker.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  status(): ProjectionStatus[] {
    return this.workers.map((w) => w.status());
  }
}

class ProjectionWorker {
  private phase: ProjectionPhase = 'starting';
  private generation = 0;
  private checkpoint = 0n;
  private lastEventAt?: string;
  private eventsApplied = 0;
  private error?: ProjectionStatus['error'];
  private stopping = false;
  private generationSwitched = false;
  private running?: Promise<void>;
  private subscription?: Subscription;
  private wake?: () => void;
  private readonly log: RunnerLogger;
  private readonly batchSize: number;
  private readonly leaseTtlMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions,
  ) {
    this.log = options.logger ?? silent;
    this.batchSize = options.batchSize ?? 500;
    this.leaseTtlMs = options.leaseTtlMs ?? 10_000;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.subscription?.close();
    await this.running;
    this.phase = this.phase === 'failed' ? 'failed' : 'stopped';
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      phase: this.phase,
      generation: this.generation,
      checkpoint: this.checkpoint,
      lastEventAt: this.lastEventAt,
      eventsApplied: this.eventsApplied,
      error: this.error,
    };
  }

  private async run(): Promise<void> {
    const name = this.projection.name;
    let failures = 0;
    while (!this.stopping) {
      let renewal: NodeJS.Timeout | undefined;
      try {
        this.phase = 'waiting-for-lease';
        while (!(await this.readModels.acquireLease(name, this.options.owner, this.leaseTtlMs))) {
          if (await this.pause(this.leaseTtlMs / 3)) return;
        }
        renewal = setInterval(() => void this.renew(), Math.max(50, this.leaseTtlMs / 3));
        await this.follow();
        failures = 0;
      } catch (error) {
        if (error instanceof PoisonEventError) {
          this.phase = 'failed';
          this.error = {
            message: error.message,
            position: error.event.position.toString(),
            eventId: error.event.id,
            eventType: error.event.type,
            attempts: error.attempts,
          };
          this.log.error(
            { projection: name, err: error.cause, ...this.error },
            `Projection '${name}' stopped on a poison event`,
          );
          this.options.observer?.failed?.(name, error);
          await this.readModels.releaseLease(name, this.options.owner).catch(() => undefined);
          return;
        }
        if (this.stopping) return;
        failures++;
        const delay = Math.min(
          this.options.retryMaxMs ?? 10_000,
          (this.options.retryBaseMs ?? 100) * 2 ** (failures - 1),
        );
        this.phase = 'retrying';
        this.error = { message: error instanceof Error ? error.message : String(error), attempts: failures };
        const level = error instanceof LeaseLostError ? 'warn' : 'error';
        this.log[level](
          { projection: name, err: error, retryInMs: delay },
          `Projection '${name}' will resubscribe from its checkpoint`,
        );
        this.options.observer?.failed?.(name, error);
        if (await this.pause(delay)) return;
      } finally {
        if (renewal) clearInterval(renewal);
        await this.subscription?.close();
        this.subscription = undefined;
      }
    }
    await this.readModels.releaseLease(name, this.options.owner).catch(() => undefined);
  }

  /** Resolves true when stopping interrupted the pause. */
  private pause(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.stopping), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  private async renew(): Promise<void> {
    const held = await this.readModels
      .renewLease(this.projection.name, this.options.owner, this.leaseTtlMs)
      .catch(() => false);
    // Writes are fenced by the lease anyway; closing the subscription just stops work sooner.
    if (!held) return this.subscription?.close();
    // An idle runner would notice a rebuild's switch only with its next batch, written to the dropped generation.
    const generation = await this.readModels.activeGeneration(this.projection.name).catch(() => this.generation);
    if (generation !== this.generation) {
      this.generationSwitched = true;
      await this.subscription?.close();
    }
  }

  private async follow(): Promise<void> {
    this.generation = await this.readModels.activeGeneration(this.projection.name);
    const ns: Namespace = { projection: this.projection.name, generation: this.generation };
    this.checkpoint = (await this.readModels.checkpoint(ns)) ?? 0n;
    this.phase = 'catching-up';
    this.error = undefined;
    const subscription = this.store.subscribeToAll({ after: this.checkpoint, batchSize: this.batchSize });
    this.subscription = subscription;
    // Live once the subscription has caught up and everything it delivered until then is written.
    let caughtUp = false;
    let delivered = 0;
    let written = 0;
    const becomeLive = (): void => {
      if (caughtUp && written === delivered && this.phase === 'catching-up') this.phase = 'live';
    };
    void subscription.caughtUp.then(() => {
      caughtUp = true;
      becomeLive();
    });
    let generationCheckedAt = Date.now();
    // Pages when the subscription offers them (no async step per event), else events grouped into batches.
    const source = subscription.pages
      ? pageBatches(subscription.pages(), this.batchSize)
      : batches(subscription, this.batchSize);
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Not `for await`: its loop variable would hold the written batch while the next one is read, and the batch
        // would survive garbage collections. Both sources yield arrays and return undefined.
        let batch: readonly RecordedEvent[] | undefined = (await iterator.next()).value;
        if (batch === undefined) break;
        const size = batch.length;
        delivered += size;
        await this.applyBatch(ns, batch);
        batch = undefined;
        written += size;
        becomeLive();
        if (Date.now() - generationCheckedAt >= (this.options.generationCheckMs ?? 1000)) {
          generationCheckedAt = Date.now();
          if ((await this.readModels.activeGeneration(this.projection.name)) !== this.generation) {
            this.log.info(
              { projection: ns.projection },
              `Projection '${ns.projection}' switches to a rebuilt generation`,
            );
            return;
          }
        }
      }
    } finally {
      await iterator.return(undefined);
    }
    if (this.generationSwitched) {
      this.generationSwitched = false;
      this.log.info({ projection: ns.projection }, `Projection '${ns.projection}' switches to a rebuilt generation`);
      return;
    }
    if (!this.stopping) throw new Error('The subscription ended');
  }

  private async applyBatch(ns: Namespace, batch: readonly RecordedEvent[]): Promise<void> {
    const events: PositionedOps[] = [];
    for (const event of batch) {
      if (event.position <= this.checkpoint || !handles(this.projection, event.type)) continue;
      let ops: PositionedOps['ops'];
      try {
        ops = this.projection.evolve(event);
      } catch (error) {
        // Before stopping on a poison event, keep what came before it.
        const keepEarlier = () => this.write(ns, events, events.at(-1)?.position ?? this.checkpoint, batch);
        ops = await this.retryEvolve(event, error, keepEarlier);
      }
      if (ops.length > 0) events.push({ position: event.position, ops });
    }
    await this.write(ns, events, batch[batch.length - 1]!.position, batch);
  }

  private async write(
    ns: Namespace,
    events: PositionedOps[],
    checkpoint: bigint,
    batch: readonly RecordedEvent[],
  ): Promise<void> {
    if (checkpoint <= this.checkpoint) return;
    const result = await this.readModels.apply({ ns, events, checkpoint, leaseOwner: this.options.owner });
    this.checkpoint = result.checkpoint;
    this.eventsApplied += result.applied;
    for (let i = batch.length - 1; i >= 0; i--) {
      if (batch[i]!.position <= checkpoint) {
        this.lastEventAt = batch[i]!.recordedAt;
        break;
      }
    }
    this.options.observer?.batchApplied?.(
      ns.projection,
      batch.length,
      result.applied,
      this.checkpoint,
      this.lastEventAt,
    );
  }

  /** After the first attempt at `event` threw `error`: retries with backoff, then stops on it as a poison event. */
  private async retryEvolve(
    event: RecordedEvent,
    error: unknown,
    beforeFailing: () => Promise<void>,
  ): Promise<PositionedOps['ops']> {
    const attempts = this.options.poisonAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      if (attempt >= attempts) {
        await beforeFailing();
        throw new PoisonEventError(this.projection.name, event, attempt, error);
      }
      this.log.warn(
        { projection: this.projection.name, position: event.position.toString(), attempt, err: error },
        `Projection '${this.projection.name}' threw on an event; retrying`,
      );
      await sleep(Math.min(this.options.retryMaxMs ?? 10_000, (this.options.retryBaseMs ?? 100) * 2 ** (attempt - 1)));
      try {
        return this.projection.evolve(event);
      } catch (next) {
        error = next;
      }
    }
  }
}
