import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '@app/config';

/** The process's root logger: JSON lines, ISO time, level names, credentials redacted. */
export function createRootLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, stream?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: 'api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  // Synchronous stdout: no line is lost when the process exits on a signal or a failed boot.
  return pino(options, stream ?? pino.destination({ dest: 1, sync: true }));
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
