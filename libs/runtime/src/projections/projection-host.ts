import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/read-models';
import type { Projection, ProjectionRunnerOptions, ReadModelStore, RunnerObserver } from '@app/read-models';
import { ProjectionTracker, type ProjectionHealth, type ProjectionMonitor } from './projection-health';
import type { ProjectionMetrics } from './projection-metrics';

export interface ProjectionHostOptions extends Partial<Omit<ProjectionRunnerOptions, 'observer'>> {
  metrics?: ProjectionMetrics;
  /** Runner hooks besides the metrics (the api wakes read-your-writes waiters with one). */
  observers?: readonly RunnerObserver[];
  /** See `ProjectionTrackerOptions`. */
  sampleMs?: number;
  lagCap?: number;
}

/** Unique per process, readable in a lease: `hostname:pid:random`. */
export function runnerOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Runs the projections in this process (apps/projector, or the api in embedded mode): the runner, its leases under
 * a per-process owner id, its metrics, and the tracker that reports states and lag.
 */
export class ProjectionHost implements ProjectionMonitor {
  readonly runner: ProjectionRunner;
  /** Holds the leases. */
  readonly owner: string;
  private readonly tracker: ProjectionTracker;

  constructor(
    eventStore: EventStore,
    readModels: ReadModelStore,
    projections: readonly Projection[],
    options: ProjectionHostOptions = {},
  ) {
    const { metrics, observers = [], sampleMs, lagCap, owner = runnerOwnerId(), ...runnerOptions } = options;
    this.owner = owner;
    this.runner = new ProjectionRunner(eventStore, readModels, projections, {
      ...runnerOptions,
      owner,
      observer: combineObservers([metrics?.observer, ...observers]),
    });
    this.tracker = new ProjectionTracker({
      eventStore,
      readModels,
      projections,
      runner: this.runner,
      metrics,
      sampleMs,
      lagCap,
      logger: runnerOptions.logger,
    });
  }

  start(): void {
    this.runner.start();
    this.tracker.start();
  }

  /** Stops sampling, then the runner, which releases its leases. The stores stay open. */
  async stop(): Promise<void> {
    await this.tracker.stop();
    await this.runner.stop();
  }

  states(): Promise<ProjectionHealth[]> {
    return this.tracker.states();
  }
}

function combineObservers(candidates: readonly (RunnerObserver | undefined)[]): RunnerObserver {
  const observers = candidates.filter((o): o is RunnerObserver => o !== undefined);
  return {
    batchApplied: (...args) => observers.forEach((o) => o.batchApplied?.(...args)),
    failed: (...args) => observers.forEach((o) => o.failed?.(...args)),
  };
}
