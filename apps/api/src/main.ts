import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { ConfigValidationError, loadAppConfig, type AppConfig } from '@app/config';
import { createRootLogger } from './logging/app-logger';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    // A message naming the variable is all an operator needs; no stack.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

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
