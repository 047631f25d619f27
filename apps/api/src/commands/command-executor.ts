import { AsyncResource } from 'node:async_hooks';
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
  type StreamWrite,
} from '@app/event-store';
import { StreamLoader } from '../schema/stream-loader';
import { AccountPositions } from './account-positions';
import type { CommandContext } from './command-context';
import { StreamQueue, StreamTurns } from './stream-queue';
import { WRITE_BACKPRESSURE, type WriteBackpressure } from './write-backpressure';
import {
  WriteGroup,
  WriteGroupConflict,
  appendsAtOnce,
  currentWriteGroup,
  inWriteGroup,
  outsideWriteGroup,
} from './write-group';

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

/** The most commands of other requests decided together into one append (a combined round). */
export const MAX_COMBINED_COMMANDS = 100;

/** The executor's options (Nest: provided under COMMAND_EXECUTOR_OPTIONS, else the defaults). */
export interface CommandExecutorOptions {
  /**
   * Decide the single commands of concurrent requests one after the other into one write group and append them
   * together (group commit, ADR 0006 §11). Default true.
   */
  combine?: boolean;
}

export const COMMAND_EXECUTOR_OPTIONS = Symbol('COMMAND_EXECUTOR_OPTIONS');

/** A short random pause before deciding again, growing with the attempt, so racing writers spread out. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
}

type Plan<T> = (attempt: number) => Promise<CommandPlan<T>>;

/** A single command waiting for the next combined round, with the async context of the request that sent it. */
interface Job {
  context: CommandContext;
  plan: Plan<unknown>;
  step: string;
  scope: AsyncResource;
  resolve(outcome: CommandOutcome<unknown>): void;
  reject(error: unknown): void;
}

/** What deciding one command into a group came to: its writes joined the group's pending append, or it wrote nothing. */
type GroupDecision<T> = { pending: true; result: T } | { pending: false; outcome: CommandOutcome<T> };

/**
 * Runs a command the one way every command runs (STYLE.md §5–6): load → decide → append with the expected revision of
 * every stream read; on a conflict, re-load and re-decide (bounded), never skip the check. Event ids derive from the
 * command id, the stream and the index, so a retried request appends nothing twice.
 *
 * Within this process, concurrent requests' commands are combined (group commit): the ones that arrive while a round
 * is being decided wait for the next, which decides them one after the other in one write group — each against the
 * streams as the commands before it left them — and appends them together. A hot record is then one append per round
 * instead of one turn per command. Where that cannot hold (a command read a stream around the group) what is pending
 * is appended first; where the round's append fails (another process moved a stream), its commands run again one by
 * one, taking turns on the streams they meet (StreamQueue) rather than racing.
 */
@Injectable()
export class CommandExecutor {
  private readonly logger = new Logger(CommandExecutor.name);
  private readonly queue = new StreamQueue();
  private readonly combine: boolean;
  private waiting: Job[] = [];
  /** The groups of combined rounds being decided (a batch's group is not one). */
  private readonly rounds = new WeakSet<WriteGroup>();
  private draining = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly positions: AccountPositions,
    private readonly loader: StreamLoader,
    @Optional() @Inject(WRITE_BACKPRESSURE) private readonly backpressure: WriteBackpressure | null = null,
    @Optional() @Inject(COMMAND_EXECUTOR_OPTIONS) options: CommandExecutorOptions | null = null,
  ) {
    this.combine = options?.combine ?? true;
  }

  async execute<T>(
    context: CommandContext,
    plan: Plan<T>,
    /** Names the step when one command appends more than once (a two-phase delete), so their event ids differ. */
    step = '',
  ): Promise<CommandOutcome<T>> {
    const group = currentWriteGroup();
    // A command another command runs while deciding in a combined round (provisioning an account) appends at once,
    // as it would outside the round: it is not one of the requests the round answers.
    if (group !== undefined && this.rounds.has(group)) return outsideWriteGroup(() => this.alone(context, plan, step));
    if (group !== undefined) {
      // A batch's inputs were admitted with their batch; the group's runner answers with the group's position.
      const decided = await this.decideInto(group, context, plan, step, () => this.flush(context, group));
      return decided.pending ? { position: 0n, result: decided.result } : decided.outcome;
    }
    await this.backpressure?.admit(this.positions.highest);
    if (!this.combine || appendsAtOnce()) return this.alone(context, plan, step);
    return new Promise<CommandOutcome<T>>((resolve, reject) => {
      const scope = new AsyncResource('CombinedCommand');
      this.waiting.push({ context, plan, step, scope, resolve: resolve as Job['resolve'], reject });
      if (!this.draining) {
        this.draining = true;
        // After this turn of the event loop, so that the requests read in it are decided together.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** A command on its own: its own append, turns on streams other commands of this process are at. */
  private async alone<T>(context: CommandContext, plan: Plan<T>, step: string): Promise<CommandOutcome<T>> {
    const turns = new StreamTurns(this.queue);
    try {
      for (let attempt = 1; ; attempt++) {
        const decided = await plan(attempt);
        const writes = this.newWrites(context, decided, step);
        if (writes.length === 0) return { position: await this.unchanged(context), result: decided.result };
        // Another command of this process is at one of these streams: take a turn behind it, then decide again.
        const busy = turns.busy(writes.map((w) => w.stream));
        if (busy.length > 0 && attempt < MAX_COMMAND_ATTEMPTS) {
          await turns.take(busy);
          continue;
        }
        try {
          const position = await this.append(writes, decided.checks ?? [], [context.accountId]);
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

  /**
   * Decides one command into `group`: its writes join the group's pending append. A command whose expectations the
   * group cannot carry (it read a stream around the group) has `flush` append what is pending, then is decided again.
   */
  private async decideInto<T>(
    group: WriteGroup,
    context: CommandContext,
    plan: Plan<T>,
    step: string,
    flush: () => Promise<void>,
  ): Promise<GroupDecision<T>> {
    for (let attempt = 1; ; attempt++) {
      const decided = await plan(attempt);
      const writes = this.newWrites(context, decided, step);
      if (writes.length === 0) {
        return { pending: false, outcome: { position: await this.unchanged(context), result: decided.result } };
      }
      try {
        group.add(writes, decided.checks ?? []);
        return { pending: true, result: decided.result };
      } catch (error) {
        if (!(error instanceof WriteGroupConflict) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
        this.logger.debug(`${context.route}: ${error.message}; appending the group so far`);
        await flush();
      }
    }
  }

  /** Decides the waiting commands in rounds until none waits. */
  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const jobs = this.waiting.splice(0, MAX_COMBINED_COMMANDS);
        try {
          await this.round(jobs);
        } catch (error) {
          // Not expected (a round answers every command itself), but no command may be left waiting.
          for (const job of jobs) job.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * One combined round: each command decided in its own request's async context, in one write group, then one append
   * (more where a command read around the group). A round's append that fails leaves its commands to run again alone,
   * each with its own retries and its own error — the others' failure is never a command's answer.
   */
  private async round(jobs: readonly Job[]): Promise<void> {
    const group = new WriteGroup();
    this.rounds.add(group);
    let pending: { job: Job; result: unknown }[] = [];
    const flush = async (): Promise<void> => {
      if (group.isEmpty) return;
      const taken = pending;
      pending = [];
      const turns = new StreamTurns(this.queue);
      try {
        await turns.take(group.writtenStreams); // a batch of this process at these streams appends first
        const { writes, checks } = group.take();
        const position = await this.append(
          writes,
          checks,
          taken.map(({ job }) => job.context.accountId),
        );
        for (const { job, result } of taken) job.resolve({ position, result });
      } catch (error) {
        this.logger.debug(`A combined append of ${taken.length} commands failed (${String(error)}); each runs alone`);
        for (const { job } of taken) this.runAlone(job);
      } finally {
        turns.end();
      }
    };
    for (const job of jobs) {
      try {
        const decided = await job.scope.runInAsyncScope(() =>
          inWriteGroup(group, () => this.decideInto(group, job.context, job.plan, job.step, flush)),
        );
        if (decided.pending) pending.push({ job, result: decided.result });
        // A command that wrote nothing may have decided so on what the round's earlier commands will write: it
        // answers once that is appended, with its position (read-your-writes), or is decided again alone.
        else if (!group.isEmpty) pending.push({ job, result: decided.outcome.result });
        else job.resolve(decided.outcome);
      } catch (error) {
        job.reject(error);
      }
    }
    await flush();
  }

  private runAlone(job: Job): void {
    job.scope.runInAsyncScope(() => {
      this.alone(job.context, job.plan, job.step).then(job.resolve, job.reject);
    });
  }

  /** The position a command that changed nothing answers: the last one this account wrote here, else the head. */
  private async unchanged(context: CommandContext): Promise<bigint> {
    return this.positions.lastWritten(context.accountId) ?? (await this.store.headPosition());
  }

  private newWrites(context: CommandContext, decided: CommandPlan<unknown>, step: string): StreamWrite[] {
    return decided.writes
      .filter((w) => w.events.length > 0)
      .map((w) => ({ stream: w.stream, expected: w.expected, events: this.toNewEvents(context, w, step) }));
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
    group.appended(await this.append(writes, checks, [context.accountId]));
  }

  /** Appends, then folds what was written into the loader's cache and records the position for these accounts. */
  private async append(writes: StreamWrite[], checks: readonly StreamCheck[], accounts: string[]): Promise<bigint> {
    const appended = await this.store.append(writes, checks);
    this.loader.appended(writes, appended);
    for (const accountId of accounts) this.positions.record(accountId, appended.position);
    return appended.position;
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
