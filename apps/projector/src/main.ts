import pino from 'pino';
import { ConfigValidationError, loadAppConfig } from '@app/config';
import { createEventStore } from '@app/event-store';

/**
 * The projector process (production mode). Until the projection runtime lands it connects to the configured
 * store, reports its reachability and follows the log from its head, logging progress; SIGTERM/SIGINT stop it.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = pino(
    { level: config.LOG_LEVEL, base: { service: 'projector' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
  const store = await createEventStore(config.eventStoreConfig());
  const health = await store.health();
  logger.info({ eventStore: health }, `Projector connected to the '${store.name}' event store`);

  const subscription = store.subscribeToAll({ after: await store.headPosition() });
  const stop = async (signal: string): Promise<void> => {
    logger.info(`Received ${signal}; stopping`);
    await subscription.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  let seen = 0;
  for await (const event of subscription) {
    seen++;
    logger.debug({ position: event.position.toString(), type: event.type }, 'event');
    if (seen % 1000 === 0) logger.info({ seen, position: event.position.toString() }, 'following the log');
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`Projector failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
