import { deterministicEventId, streamName } from '@app/event-store';
import type { DomainEvent } from '@app/domain';
import type { CommandContext } from './command-context';
import type { PlannedWrite } from './command-executor';
import type { StreamFold } from '../schema/stream-loader';

/**
 * Bookkeeping for commands whose effect cannot be recognised by replaying them — a creation under a freshly
 * allocated id. With an Idempotency-Key, the command also writes `CommandAccepted` (what it created) to a stream named
 * after its command id, expected `no_stream`, in the same append; a retry finds the receipt and answers the same.
 * Internal: not part of the public event contract.
 */
export const COMMAND_ACCEPTED = 'CommandAccepted';

export function receiptStream(context: CommandContext): string {
  return streamName('command', context.accountId, deterministicEventId(context.commandId, 'receipt'));
}

export function receiptWrite(context: CommandContext, outcome: Record<string, string>): PlannedWrite[] {
  if (context.idempotencyKey === undefined) return [];
  const event: DomainEvent = { type: COMMAND_ACCEPTED, data: { route: context.route, outcome } };
  return [{ stream: receiptStream(context), expected: 'no_stream', events: [event] }];
}

/** What the first attempt of a command recorded in its receipt stream (`CommandAccepted`), or undefined. */
export const receiptFold: StreamFold<Record<string, string> | undefined> = {
  name: 'command-receipt',
  initialState: () => undefined,
  evolve: (state, event) =>
    state ?? (event.type === COMMAND_ACCEPTED ? (event.data as { outcome: Record<string, string> }).outcome : state),
};
