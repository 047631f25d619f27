import { createJsonLogger, loadConfigOrExit } from '@app/runtime';
import { startProjector } from './projector';

/** apps/projector: runs the projections until SIGTERM or SIGINT, then stops cleanly (leases released, stores closed). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createJsonLogger({ level: config.LOG_LEVEL, service: 'projector' });
  let projector;
  try {
    projector = await startProjector(config, { logger });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, `Failed to start: ${message}`);
    process.exit(1);
  }
  const running = projector;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`Received ${signal}; stopping`);
    running.close().then(
      () => {
        logger.info('Projector stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Projector did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
