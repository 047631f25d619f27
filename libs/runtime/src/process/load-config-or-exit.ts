import { ConfigValidationError, loadAppConfig, type AppConfig } from '@app/config';

/**
 * The environment validated for a process entry point. On a bad value the process stops with exit code 1 and
 * the message naming the variable on stderr, no stack: all an operator needs.
 */
export function loadConfigOrExit(defaults: Parameters<typeof loadAppConfig>[1] = {}): AppConfig {
  try {
    return loadAppConfig(undefined, defaults);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
