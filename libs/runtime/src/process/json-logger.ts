import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '@app/config';

/** A process's root logger: JSON lines, ISO time, level names, `service` on every line, credentials redacted. */
export function createJsonLogger(options: { level: LogLevel; service: string }, stream?: DestinationStream): Logger {
  const loggerOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  // Synchronous stdout: no line is lost when the process exits on a signal or a failed boot.
  return pino(loggerOptions, stream ?? pino.destination({ dest: 1, sync: true }));
}
