import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PoisonEventError, type RunnerObserver } from '@app/read-models';
import type { ProjectionHealth } from './projection-health';

const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

/**
 * Prometheus metrics of the projections a process runs or watches. The runner feeds `observer`; the tracker feeds
 * `record` with each sample of checkpoints and lag.
 */
export class ProjectionMetrics {
  private readonly applied: Counter<'projection'>;
  private readonly batchSize: Histogram<'projection'>;
  private readonly checkpoint: Gauge<'projection'>;
  private readonly lagEvents: Gauge<'projection'>;
  private readonly lagSeconds: Gauge<'projection'>;
  private readonly errors: Counter<'projection' | 'kind'>;

  readonly observer: RunnerObserver = {
    batchApplied: (projection, events, applied, checkpoint) => {
      this.applied.inc({ projection }, applied);
      this.batchSize.observe({ projection }, events);
      this.checkpoint.set({ projection }, Number(checkpoint));
    },
    failed: (projection, error) => {
      this.errors.inc({ projection, kind: error instanceof PoisonEventError ? 'poison' : 'retry' });
    },
  };

  constructor(registry: Registry) {
    const registers = [registry];
    this.applied = new Counter({
      name: 'projection_events_applied_total',
      help: 'Events whose writes a projection applied (events it ignores only move its checkpoint)',
      labelNames: ['projection'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'projection_batch_size',
      help: 'Events per atomic read-model write',
      labelNames: ['projection'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.checkpoint = new Gauge({
      name: 'projection_checkpoint_position',
      help: 'Global position of the last event a projection has passed (its stored checkpoint)',
      labelNames: ['projection'],
      registers,
    });
    this.lagEvents = new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the log after the projection checkpoint (counted up to a cap)',
      labelNames: ['projection'],
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event the projection has not passed yet; 0 when up to date',
      labelNames: ['projection'],
      registers,
    });
    this.errors = new Counter({
      name: 'projection_errors_total',
      help: 'Projection failures: retry (store or subscription error, resubscribed) or poison (stopped)',
      labelNames: ['projection', 'kind'],
      registers,
    });
  }

  record(states: readonly ProjectionHealth[]): void {
    for (const state of states) {
      const labels = { projection: state.name };
      this.checkpoint.set(labels, Number(state.checkpoint));
      if (state.lagEvents !== null) this.lagEvents.set(labels, state.lagEvents);
      if (state.lagSeconds !== null) this.lagSeconds.set(labels, state.lagSeconds);
    }
  }
}
