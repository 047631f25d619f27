import { Command, InvalidArgumentError } from 'commander';
import { AccessTokenService } from '../auth/access-token.service';
import { resolveJwtKeySources } from '@app/runtime';
import { ROLES, isRole, type Role } from '../auth/principal';
import { ConfigValidationError, loadAppConfig } from '@app/config';

/**
 * Prints a signed access token for local use, with the same key resolution as the server (JWT_SECRET, else the
 * embedded secret next to SQLITE_PATH). `npm run token -- --account 1 --role super_admin [--role auditor]
 * [--user u1] [--expires 1h]`. The token goes to stdout alone; notes go to stderr.
 */
async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('token')
    .description('Print a signed access token for local use')
    .requiredOption('-a, --account <id>', 'account id (accountId claim)')
    .option('-r, --role <role>', `role (required, repeatable): ${ROLES.join(', ')}`, collectRole)
    .option('-u, --user <id>', 'user id (sub claim)', 'local-user')
    .option('-e, --expires <span>', 'lifetime, e.g. 30m, 1h, 7d', parseTimeSpan, '1h')
    .showHelpAfterError()
    .parse(argv, { from: 'node' });

  const options = program.opts<{ account: string; role?: Role[]; user: string; expires: string }>();
  if (!options.role?.length) program.error(`error: required option '--role <role>' not specified`);
  const config = loadAppConfig();
  const keys = await resolveJwtKeySources(config);
  if (keys.secret?.origin === 'embedded') {
    process.stderr.write(
      `${keys.secret.created ? 'Generated' : 'Using'} the embedded JWT secret at ${keys.secret.file}\n`,
    );
  }
  const tokens = new AccessTokenService(keys);
  const token = await tokens.sign(
    { userId: options.user, accountId: options.account, roles: [...new Set(options.role ?? [])] },
    options.expires,
  );
  process.stdout.write(`${token}\n`);
}

function collectRole(value: string, previous: Role[] | undefined): Role[] {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return [...(previous ?? []), value];
}

/** The spans jose accepts, in the forms people type: `90s`, `30m`, `1h`, `7 days`. */
const TIME_SPAN = /^\d+\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;

function parseTimeSpan(value: string): string {
  if (!TIME_SPAN.test(value.trim())) throw new InvalidArgumentError('must be a time span such as 30m, 1h or 7d');
  return value.trim();
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof ConfigValidationError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`token: ${message}\n`);
  process.exit(1);
});
