import type { EventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-models';
import type { ProjectionHealth, ProjectionMonitor } from '../projections/projection-health';

export interface StoreReachability {
  store: string;
  reachable: boolean;
}

/** The body of `/health` in the api and the projector. */
export interface HealthReport {
  status: 'ok' | 'error';
  eventStore: StoreReachability;
  readModels: StoreReachability;
  projections: ProjectionHealth[];
}

export interface HealthSources {
  eventStore: EventStore;
  readModels: ReadModelStore;
  projections: ProjectionMonitor;
  /** A probe that takes longer counts as failed (default 2 s). */
  timeoutMs?: number;
}

export interface HealthCheck {
  report: HealthReport;
  /** What went wrong, with details fit for the log but not for a public response (addresses, driver messages). */
  problems: string[];
}

/**
 * Probes both stores and reads the projections' states. The status is `error` when a store is unreachable, the
 * states cannot be read, or a projection has stopped on a poison event.
 */
export async function checkHealth(sources: HealthSources): Promise<HealthCheck> {
  const timeoutMs = sources.timeoutMs ?? 2000;
  const problems: string[] = [];
  const [eventStore, readModelsReachable, projections] = await Promise.all([
    withTimeout(sources.eventStore.health(), timeoutMs).catch((error: unknown) => ({
      store: sources.eventStore.name,
      reachable: false,
      detail: messageOf(error),
    })),
    withTimeout(sources.readModels.ping(), timeoutMs).then(
      () => true,
      (error: unknown) => {
        problems.push(`Read-model store '${sources.readModels.kind}' is unreachable: ${messageOf(error)}`);
        return false;
      },
    ),
    withTimeout(sources.projections.states(), timeoutMs).catch((error: unknown) => {
      problems.push(`Projection states are unavailable: ${messageOf(error)}`);
      return undefined;
    }),
  ]);
  if (!eventStore.reachable) {
    problems.unshift(`Event store '${eventStore.store}' is unreachable: ${eventStore.detail ?? 'no detail'}`);
  }
  const failed = (projections ?? []).filter((p) => p.phase === 'failed');
  for (const p of failed) problems.push(`Projection '${p.name}' has stopped: ${p.error?.message ?? 'no detail'}`);
  const ok = eventStore.reachable && readModelsReachable && projections !== undefined && failed.length === 0;
  return {
    report: {
      status: ok ? 'ok' : 'error',
      eventStore: { store: eventStore.store, reachable: eventStore.reachable },
      readModels: { store: sources.readModels.kind, reachable: readModelsReachable },
      projections: projections ?? [],
    },
    problems,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
