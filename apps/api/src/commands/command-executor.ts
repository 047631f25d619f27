import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
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
import { StreamLoader } from '../schema/stream-loader';
import { AccountPositions } from './account-positions';
import type { CommandContext } from './command-context';
import { StreamQueue, StreamTurns } from './stream-queue';
import { WRITE_BACKPRESSURE, type WriteBackpressure } from './write-backpressure';
import { WriteGroup, WriteGroupConflict, currentWriteGroup, inWriteGroup } from './write-group';

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

/** A short random pause before deciding again, growing with the attempt, so racing writers spread out. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
}

/**
 * Runs a command the one way every command runs (STYLE.md §5–6): load → decide → append with the expected revision of
 * every stream read; on a conflict, re-load and re-decide (bounded), never skip the check. Event ids derive from the
 * command id, the stream and the index, so a retried request appends nothing twice. Within this process, commands
 * that meet on a stream take turns on it (StreamQueue) rather than race: a hot record costs waiting, not retries.
 */
@Injectable()
export class CommandExecutor {
  private readonly logger = new Logger(CommandExecutor.name);
  private readonly queue = new StreamQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly positions: AccountPositions,
    private readonly loader: StreamLoader,
    @Optional() @Inject(WRITE_BACKPRESSURE) private readonly backpressure: WriteBackpressure | null = null,
  ) {}

  async execute<T>(
    context: CommandContext,
    plan: (attempt: number) => Promise<CommandPlan<T>>,
    /** Names the step when one command appends more than once (a two-phase delete), so their event ids differ. */
    step = '',
  ): Promise<CommandOutcome<T>> {
    const group = currentWriteGroup();
    // A batch's inputs were admitted with their batch.
    if (group === undefined) await this.backpressure?.admit(this.positions.highest);
    const turns = new StreamTurns(this.queue);
    try {
      for (let attempt = 1; ; attempt++) {
        const decided = await plan(attempt);
        const writes = decided.writes
          .filter((w) => w.events.length > 0)
          .map((w) => ({ stream: w.stream, expected: w.expected, events: this.toNewEvents(context, w, step) }));
        if (writes.length === 0) {
          const position = this.positions.lastWritten(context.accountId) ?? (await this.store.headPosition());
          return { position, result: decided.result };
        }
        if (group) {
          try {
            group.add(writes, decided.checks ?? []);
            // The group's position is known once it is appended; the group's runner answers with that one.
            return { position: 0n, result: decided.result };
          } catch (error) {
            if (!(error instanceof WriteGroupConflict) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
            this.logger.debug(`${context.route}: ${error.message}; appending the group so far`);
            await this.flush(context, group);
            continue;
          }
        }
        // Another command of this process is at one of these streams: take a turn behind it, then decide again.
        const busy = turns.busy(writes.map((w) => w.stream));
        if (busy.length > 0 && attempt < MAX_COMMAND_ATTEMPTS) {
          await turns.take(busy);
          continue;
        }
        try {
          const appended = await this.store.append(writes, decided.checks ?? []);
          const { position } = appended;
          this.positions.record(context.accountId, position);
          this.loader.appended(writes, appended);
          return { position, result: decided.result };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
          this.logger.debug(`${context.route}: ${error.message}; deciding again (attempt ${attempt + 1})`);
          await this.afterConflict(turns, error, attempt);
        }
      }
    } finally {
      turns.end();
    }
  }

  /** A lost race: take a turn on the stream, or, if this command held it already (another process wrote), back off. */
  private async afterConflict(turns: StreamTurns, error: WrongExpectedVersionError, attempt: number): Promise<void> {
    if (turns.holds(error.stream)) await backOff(attempt);
    else await turns.take([error.stream]);
  }

  /**
   * Runs the commands `fn` executes as one group (a batch): each is decided against the streams as the ones before
   * it left them, and all are appended together — one append where their expectations agree, more where a command
   * read a stream around the group (WriteGroup). If another writer moved a stream in between, the whole group is
   * decided again (bounded); commands are idempotent, so parts appended before are no-ops the second time.
   */
  async group<T>(context: CommandContext, fn: () => Promise<CommandOutcome<T>>): Promise<CommandOutcome<T>> {
    await this.backpressure?.admit(this.positions.highest);
    const turns = new StreamTurns(this.queue);
    try {
      for (let attempt = 1; ; attempt++) {
        const group = new WriteGroup();
        try {
          const outcome = await inWriteGroup(group, fn);
          // As for a single command: behind another command of this process at a stream, take a turn, decide again.
          const busy = turns.busy(group.writtenStreams);
          if (busy.length > 0 && attempt < MAX_COMMAND_ATTEMPTS) {
            await turns.take(busy);
            continue;
          }
          await this.flush(context, group);
          return { position: group.appendedPosition ?? outcome.position, result: outcome.result };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
          this.logger.debug(`${context.route}: ${error.message}; deciding the group again (attempt ${attempt + 1})`);
          await this.afterConflict(turns, error, attempt);
        }
      }
    } finally {
      turns.end();
    }
  }

  /** Appends what the group holds and starts it afresh. */
  private async flush(context: CommandContext, group: WriteGroup): Promise<void> {
    if (group.isEmpty) return;
    const { writes, checks } = group.take();
    const appended = await this.store.append(writes, checks);
    const { position } = appended;
    this.positions.record(context.accountId, position);
    this.loader.appended(writes, appended);
    group.appended(position);
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
