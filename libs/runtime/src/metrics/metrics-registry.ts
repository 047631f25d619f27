import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A Prometheus registry of its own for one app instance (never prom-client's global one, so two apps in one process,
 * as in tests, keep separate counts), with Node's default process metrics and a `service` label on every series.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
