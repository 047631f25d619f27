import { associationItemError } from '../associations/association-batch';
import type { CommandContext } from '../commands/command-context';
import { AppException } from '../errors/app.exception';

/**
 * One input of a record batch as its own command: its command id derives from the request's and the input's step,
 * so its events (and, with an Idempotency-Key, its creation receipt) are its own, and a retry of the request with
 * the same key replays each input rather than the first one's outcome.
 */
export function inputContext(context: CommandContext, step: string): CommandContext {
  return { ...context, commandId: `${context.commandId}/${step}` };
}

/**
 * `runBatch`'s item errors for record inputs: what an input broke (a record missing or archived, a unique value
 * taken, an association target gone) is reported, named by the input's id when it has one; anything else fails the
 * request.
 */
export const recordItemError = associationItemError(
  ({ id, objectWriteTraceId }: { id?: string; objectWriteTraceId?: string }): Record<string, string> => ({
    ...(id !== undefined && { ids: id }),
    ...(objectWriteTraceId !== undefined && { objectWriteTraceId }),
  }),
);

/** What HubSpot names an object type in messages (`CONTACT`), or the type id for others. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  '0-1': 'CONTACT',
  '0-2': 'COMPANY',
  '0-3': 'DEAL',
  '0-5': 'TICKET',
};

/** The one `OBJECT_NOT_FOUND` error of a batch read (or archive) naming every id that matched no record. */
export function objectsNotFound(objectTypeId: string, ids: readonly string[], verb = 'get'): AppException {
  const name = TYPE_NAMES[objectTypeId] ?? objectTypeId;
  return new AppException(
    'NOT_FOUND',
    `Could not ${verb} some ${name} objects, they may be deleted or not exist. Check that ids are valid.`,
    { ids: [...ids] },
  );
}
