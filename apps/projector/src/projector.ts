import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { AppConfig } from '@app/config';
import { createReadModelStore, type Projection } from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import {
  ArchiveCascade,
  ProjectionHost,
  ProjectionMetrics,
  checkHealth,
  createMetricsRegistry,
  openEventStore,
  resolveWebhookSigningKey,
} from '@app/runtime';
import { WebhookDispatcher } from '@app/runtime/webhooks/webhook-dispatcher';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { createProbeServer, listen } from './probe.server';

export interface ProjectorOptions {
  logger: Logger;
  /** Default: the registry (`PROJECTIONS`). */
  projections?: readonly Projection[];
}

export interface Projector {
  /** The port `/health` and `/metrics` are served on. */
  readonly port: number;
  /** Stops the HTTP server and the runner (releasing its leases), then closes both stores. */
  close(): Promise<void>;
}

/**
 * The projector process (production mode): runs every projection and process manager (the archive cascade) from
 * checkpointed subscriptions under leases, so replicas can run side by side with one writer each, and serves `/health`
 * and `/metrics`.
 */
export async function startProjector(config: AppConfig, options: ProjectorOptions): Promise<Projector> {
  const { logger } = options;
  const metrics = createMetricsRegistry('projector');
  // Webhook secrets derive from the key the api derives them from (with SQLite alone, the secret file it shares).
  const signingKey = await resolveWebhookSigningKey(config);
  const eventStore = await openEventStore(config.eventStoreConfig());
  const readModels = createReadModelStore(config.readModelStoreConfig());
  const host = new ProjectionHost(eventStore, readModels, options.projections ?? PROJECTIONS, {
    logger,
    metrics: new ProjectionMetrics(metrics),
  });
  const server = createProbeServer({
    metrics,
    health: async () => {
      const { report, problems } = await checkHealth({ eventStore, readModels, projections: host });
      for (const problem of problems) logger.warn(problem);
      return report;
    },
    onError: (error) => logger.error({ err: error }, 'Probe request failed'),
  });
  let port: number;
  try {
    port = await listen(server, config.PROJECTOR_PORT);
  } catch (error) {
    await Promise.all([readModels.close(), eventStore.close()]);
    throw error;
  }
  host.start();
  // Process managers run where the projections run: here in production mode.
  const cascade = new ArchiveCascade(eventStore, readModels, {
    logger: logger.child({ component: 'archive-cascade' }),
  });
  cascade.start();
  // Webhook deliveries too (ADR 0009).
  const webhooks =
    signingKey === undefined
      ? undefined
      : new WebhookDispatcher(eventStore, {
          logger: logger.child({ component: 'webhooks' }),
          signingKey,
          toEnvelope: (event) => toPublicEnvelope(event),
          timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
          retryPeriodMs: config.WEBHOOK_RETRY_PERIOD_MS,
          allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
          lease: { store: readModels },
        });
  if (webhooks === undefined)
    logger.warn('Webhooks are off: set WEBHOOK_SIGNING_KEY (no HS256 token secret to derive secrets from)');
  webhooks?.start();
  const names = host.runner.status().map((s) => s.name);
  logger.info(
    { port, owner: host.owner, projections: names, eventStore: eventStore.name, readModels: readModels.kind },
    `Projector running ${names.join(', ')}; /health and /metrics on port ${port}`,
  );
  return {
    port,
    close: async () => {
      server.closeAllConnections();
      await promisify(server.close.bind(server))();
      await cascade.stop();
      await webhooks?.stop();
      await host.stop();
      await readModels.close();
      await eventStore.close();
    },
  };
}
