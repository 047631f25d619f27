import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule, type AppModuleOptions } from './app.module';
import type { AppConfig } from '@app/config';
import { createMetricsRegistry } from '@app/runtime';
import { HubSpotErrorFilter } from './errors/hubspot-error.filter';
import { createValidationPipe } from './errors/validation.pipe';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './http/correlation-id';
import { registerJsonBodyParser } from './http/json-body.parser';
import { registerImportUploads } from './imports/import-upload';
import { RouteMethodsRegistry } from './http/route-methods.registry';
import { createRootLogger, loggerModuleParams } from './logging/app-logger';
import { registerHttpMetrics } from './metrics/http-metrics';
import { setupOpenApi } from './openapi/openapi.setup';

/** Largest request body accepted (413 above). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface CreateAppOptions extends Omit<AppModuleOptions, 'logger' | 'metrics'> {
  /** Where JSON log lines go (stdout by default). */
  logStream?: DestinationStream;
}

/**
 * Builds the initialised API application (not yet listening). `main.ts` listens on it; e2e tests use
 * `app.inject()` or `app.listen(0)`. Close it with `app.close()`, which stops the projections and closes the stores.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const { logStream, ...moduleOptions } = options;
  const logger = createRootLogger(config, logStream);
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers),
  });
  const fastify = adapter.getInstance();
  const metrics = createMetricsRegistry('api');
  registerHttpMetrics(fastify, metrics);
  const routes = new RouteMethodsRegistry();
  routes.attach(fastify);
  registerJsonBodyParser(fastify, MAX_BODY_BYTES);
  await registerImportUploads(fastify, config.IMPORT_MAX_BYTES);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
  });

  // Nest logs through pino from the first line, including a failed boot.
  const params = loggerModuleParams(logger);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { ...moduleOptions, logger, metrics }),
    adapter,
    { logger: new NestPinoLogger(new PinoLogger(params), params), bodyParser: false, abortOnError: false },
  );
  try {
    app.useGlobalFilters(new HubSpotErrorFilter(routes, logger));
    app.useGlobalPipes(createValidationPipe());
    setupOpenApi(app);
    await app.init();
    await fastify.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
