import type { CommandContext } from '../commands/command-context';
import type { Principal } from '../auth/principal';

/**
 * The context every command of an import runs in: its command id names the import, so each row's events — whose ids
 * derive from the command id and a step named after the row's line (`line-<n>`) — are the same on every run of the
 * import, and a resumed or repeated run appends nothing twice.
 */
export function importContext(
  base: Omit<CommandContext, 'commandId' | 'route'> & { route?: string },
  importId: string,
): CommandContext {
  return { ...base, commandId: `import:${base.accountId}:${importId}`, route: base.route ?? 'import' };
}

/** A row's own command context for commands that take no step (a record created by the row). */
export function rowContext(context: CommandContext, step: string): CommandContext {
  return { ...context, commandId: `${context.commandId}/${step}` };
}

/** The context to resume an import with after a restart: the user who started it, as recorded on its stream. */
export function resumedContext(accountId: string, importId: string, startedBy: string, now: string): CommandContext {
  const principal: Principal = { accountId, userId: startedBy, roles: ['user'] };
  return importContext(
    { accountId, actor: startedBy, correlationId: importId, causationId: importId, now, principal, route: 'import' },
    importId,
  );
}
