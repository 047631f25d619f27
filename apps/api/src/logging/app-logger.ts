import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '@app/config';
import { createJsonLogger } from '@app/runtime';

/** The api's root logger (see `createJsonLogger`). */
export function createRootLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, stream?: DestinationStream): Logger {
  return createJsonLogger({ level: config.LOG_LEVEL, service: 'api' }, stream);
}

/**
 * nestjs-pino over the root logger. The request id is fastify's (see `correlationIdFrom`); pino-http binds it as
 * `correlationId` on every line logged while the request is handled (`quietReqLogger`).
 */
export function loggerModuleParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'correlationId', responseTime: 'responseTimeMs' },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
