import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@app/runtime';
import { createApp } from './app.factory';
import { createRootLogger } from './logging/app-logger';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  try {
    const app = await createApp(config);
    app.enableShutdownHooks();
    await app.listen({ port: config.PORT, host: '0.0.0.0' });
    app.get(Logger).log(`API listening on port ${config.PORT} (event store: ${config.EVENT_STORE})`, 'Bootstrap');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    createRootLogger(config).fatal({ err: error }, `Failed to start: ${message}`);
    process.exit(1);
  }
}

void main();
