import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DomainEvent } from '@app/domain';
import {
  EVENT_STORE,
  WrongExpectedVersionError,
  deterministicEventId,
  type EventStore,
  type ExpectedState,
  type NewEvent,
  type StreamCheck,
} from '@app/event-store';
import { AccountPositions } from './account-positions';
import type { CommandContext } from './command-context';

export interface PlannedWrite {
  stream: string;
  expected: ExpectedState;
  events: readonly DomainEvent[];
}

/** What one attempt decided: the events to append with their expectations, and what to answer. */
export interface CommandPlan<T> {
  writes: readonly PlannedWrite[];
  checks?: readonly StreamCheck[];
  result: T;
}

export interface CommandOutcome<T> {
  /** The global position written, or, when the command changed nothing, the last one this account wrote here. */
  position: bigint;
  result: T;
}

/** Attempts per command when another writer moved a stream between our read and our append. */
export const MAX_COMMAND_ATTEMPTS = 10;

/**
 * Runs a command the one way every command runs (STYLE.md §5–6): load → decide → append with the expected revision of
 * every stream read; on a conflict, re-load and re-decide (bounded), never skip the check. Event ids derive from the
 * command id, the stream and the index, so a retried request appends nothing twice.
 */
@Injectable()
export class CommandExecutor {
  private readonly logger = new Logger(CommandExecutor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly positions: AccountPositions,
  ) {}

  async execute<T>(
    context: CommandContext,
    plan: (attempt: number) => Promise<CommandPlan<T>>,
    /** Names the step when one command appends more than once (a two-phase delete), so their event ids differ. */
    step = '',
  ): Promise<CommandOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
      const decided = await plan(attempt);
      const writes = decided.writes.filter((w) => w.events.length > 0);
      if (writes.length === 0) {
        const position = this.positions.lastWritten(context.accountId) ?? (await this.store.headPosition());
        return { position, result: decided.result };
      }
      try {
        const { position } = await this.store.append(
          writes.map((w) => ({ stream: w.stream, expected: w.expected, events: this.toNewEvents(context, w, step) })),
          decided.checks ?? [],
        );
        this.positions.record(context.accountId, position);
        return { position, result: decided.result };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
        this.logger.debug(`${context.route}: ${error.message}; deciding again (attempt ${attempt + 1})`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  private toNewEvents(context: CommandContext, write: PlannedWrite, step: string): NewEvent[] {
    const { accountId, actor, commandId, correlationId, causationId, route } = context;
    return write.events.map((event, index) => ({
      id: deterministicEventId(commandId, step, write.stream, index),
      type: event.type,
      data: event.data,
      metadata: { accountId, actor, commandId, correlationId, causationId, schemaVersion: 1, route },
    }));
  }
}
