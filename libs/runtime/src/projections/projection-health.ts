import type { EventStore } from '@app/event-store';
import type {
  Projection,
  ProjectionPhase,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelStore,
  RunnerLogger,
} from '@app/read-models';
import { projectionStatus, type ProjectionStoreStatus } from '@app/read-models/rebuild';
import type { ProjectionMetrics } from './projection-metrics';

/** `external`: this process does not run the projection (apps/projector does); its state comes from the store. */
export type ProjectionHealthPhase = ProjectionPhase | 'external';

/** One projection as `/health` shows it. */
export interface ProjectionHealth {
  name: string;
  phase: ProjectionHealthPhase;
  generation: number;
  /** The active generation's stored checkpoint (a global position), as a decimal string. */
  checkpoint: string;
  /** Events after the checkpoint, counted up to the cap; null when the stores could not be read. */
  lagEvents: number | null;
  /** Age of the oldest event not yet passed; 0 when up to date; null when unknown. */
  lagSeconds: number | null;
  error?: ProjectionHealthError;
}

export interface ProjectionHealthError {
  message: string;
  position?: string;
  eventId?: string;
  eventType?: string;
  attempts: number;
}

/** What `/health` and the metrics read about the projections, whether this process runs them or not. */
export interface ProjectionMonitor {
  start(): void;
  stop(): Promise<void>;
  states(): Promise<ProjectionHealth[]>;
}

export interface ProjectionTrackerOptions {
  eventStore: EventStore;
  readModels: ReadModelStore;
  projections: readonly Projection[];
  /** The runner of this process, if it runs the projections: phases and errors come from it. */
  runner?: ProjectionRunner;
  metrics?: ProjectionMetrics;
  /** How often lag and checkpoints are sampled into the metrics (default 5 s). */
  sampleMs?: number;
  /** Lag is counted event by event up to this many (default 100,000). */
  lagCap?: number;
  logger?: RunnerLogger;
}

const DEFAULT_SAMPLE_MS = 5000;
const DEFAULT_LAG_CAP = 100_000;

/**
 * Samples each projection's checkpoint and lag (from the read-model and event stores) and, when a runner is given,
 * its phase and error. Feeds the metrics periodically and `/health` on demand; concurrent requests share a sample.
 */
export class ProjectionTracker implements ProjectionMonitor {
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<ProjectionHealth[]>;

  constructor(private readonly options: ProjectionTrackerOptions) {}

  start(): void {
    if (!this.options.metrics || this.timer) return;
    const sample = () => void this.states().catch(() => undefined);
    this.timer = setInterval(sample, this.options.sampleMs ?? DEFAULT_SAMPLE_MS);
    this.timer.unref();
    sample();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inflight?.catch(() => undefined);
  }

  states(): Promise<ProjectionHealth[]> {
    this.inflight ??= this.sample().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async sample(): Promise<ProjectionHealth[]> {
    const { eventStore, readModels, projections, runner } = this.options;
    const running = new Map(runner?.status().map((s) => [s.name, s]));
    let stored: ProjectionStoreStatus[] | undefined;
    try {
      stored = await projectionStatus(eventStore, readModels, projections, {
        lagCap: this.options.lagCap ?? DEFAULT_LAG_CAP,
        otherGenerations: false,
      });
    } catch (error) {
      // Without a runner there is nothing else to report.
      if (!runner) throw error;
      this.options.logger?.warn({ err: error }, 'Could not read projection checkpoints and lag');
    }
    const states = projections.map((p, i) => toHealth(p.name, running.get(p.name), stored?.[i]));
    this.options.metrics?.record(states);
    return states;
  }
}

function toHealth(name: string, run?: ProjectionStatus, stored?: ProjectionStoreStatus): ProjectionHealth {
  const health: ProjectionHealth = {
    name,
    phase: run?.phase ?? 'external',
    generation: stored?.generation ?? run?.generation ?? 0,
    checkpoint: (stored?.checkpoint ?? run?.checkpoint ?? 0n).toString(),
    lagEvents: stored?.lagEvents ?? null,
    lagSeconds: stored?.lagSeconds ?? null,
  };
  if (run?.error) {
    // A poison event is the projection's own failure and safe to show; other errors may quote store addresses.
    health.error =
      run.phase === 'failed'
        ? run.error
        : { message: 'Retrying after a store or subscription error; see the logs', attempts: run.error.attempts };
  }
  return health;
}
