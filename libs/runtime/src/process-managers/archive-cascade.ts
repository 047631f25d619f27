import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  counterparts,
  decideRemoval,
  linksFold,
  linksStream,
  type CommandMetadata,
  type LinksEvent,
  type LinksState,
  type RecordArchived,
  type RecordKey,
} from '@app/domain';
import {
  WrongExpectedVersionError,
  deterministicEventId,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '@app/event-store';
import type { ReadModelStore } from '@app/read-models';

export const ARCHIVE_CASCADE = 'archive-cascade';

interface Loaded {
  state: LinksState;
  revision?: bigint;
}
/** Who and how on every event the cascade appends (issue 6 item 6): the process manager, by name. */
export const ARCHIVE_CASCADE_ACTOR = `process-manager:${ARCHIVE_CASCADE}`;
const MAX_ATTEMPTS = 10;

export interface ArchiveCascadeOptions {
  logger: Logger;
  /** Lease owner; default a fresh id per process. */
  owner?: string;
  leaseTtlMs?: number;
  /** Wait after a failure before resubscribing. */
  retryMs?: number;
}

/**
 * The process manager that removes an archived record's associations on both sides (issue 5, hubspot-v4-api.md §8
 * scenario 25). It follows `RecordArchived` events from a checkpoint kept in the read-model store, under a lease so
 * one replica works at a time. Each removal is decided from both links streams and appended at their revisions, with
 * event ids and times derived from the archive event, so a crash anywhere only repeats work that then appends nothing
 * new; the checkpoint moves past an archive once every counterpart is done. Resumable and idempotent.
 */
export class ArchiveCascade {
  private readonly owner: string;
  private readonly ttl: number;
  private stopped = false;
  private wake?: () => void;
  private subscription?: Subscription;
  private loop?: Promise<void>;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: ArchiveCascadeOptions,
  ) {
    this.owner = options.owner ?? `${ARCHIVE_CASCADE}:${randomUUID()}`;
    this.ttl = options.leaseTtlMs ?? 15_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.subscription?.close();
    await this.loop;
    await this.readModels.releaseLease(ARCHIVE_CASCADE, this.owner).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const ns = { projection: ARCHIVE_CASCADE, generation: 1 };
    while (!this.stopped) {
      try {
        if (!(await this.readModels.acquireLease(ARCHIVE_CASCADE, this.owner, this.ttl))) {
          await this.sleep(this.ttl / 3);
          continue;
        }
        const after = (await this.readModels.checkpoint(ns)) ?? 0n;
        this.subscription = this.eventStore.subscribeToAll({ after, filter: { eventTypes: ['RecordArchived'] } });
        // `stop()` during the awaits above found no subscription to close: this one would wait for an event forever.
        if (this.stopped) {
          await this.subscription.close();
          break;
        }
        for await (const event of this.subscription) {
          if (this.stopped) break;
          if (!(await this.readModels.renewLease(ARCHIVE_CASCADE, this.owner, this.ttl))) break;
          await this.handle(event as RecordedEvent<RecordArchived['data']>);
          await this.readModels.apply({ ns, events: [], checkpoint: event.position, leaseOwner: this.owner });
        }
      } catch (error) {
        this.options.logger.error({ err: error }, `${ARCHIVE_CASCADE}: failed; resubscribing from the checkpoint`);
        await this.sleep(this.options.retryMs ?? 1000);
      }
    }
  }

  /** Removes every association of the archived record; returns how many pairs it removed now. */
  async handle(event: RecordedEvent<RecordArchived['data']>): Promise<number> {
    const { accountId } = event.metadata;
    const record: RecordKey = { objectTypeId: event.data.objectTypeId, recordId: event.data.recordId };
    let removed = 0;
    // The archived record's side is read once and then followed through our own appends (nobody else may add to an
    // archived record's links), so a hub record costs one read, not one per counterpart.
    let self = await this.load(accountId, record);
    for (const { toObjectTypeId, toRecordId } of [...counterparts(self.state)]) {
      if (this.stopped) return removed;
      const other: RecordKey = { objectTypeId: toObjectTypeId, recordId: toRecordId };
      const outcome = await this.removePair(event, record, self, other);
      self = outcome.self;
      if (outcome.removed) removed++;
    }
    return removed;
  }

  private async removePair(
    event: RecordedEvent<RecordArchived['data']>,
    record: RecordKey,
    current: Loaded,
    other: RecordKey,
  ): Promise<{ removed: boolean; self: Loaded }> {
    let self = current;
    const { accountId } = event.metadata;
    const commandId = deterministicEventId(event.id, other.objectTypeId, other.recordId);
    const metadata: CommandMetadata = {
      accountId,
      actor: ARCHIVE_CASCADE_ACTOR,
      commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
      // The archive's time, not the clock: a repeated removal must append exactly the same events.
      now: event.data.archivedAt,
    };
    for (let attempt = 1; ; attempt++) {
      const to = await this.load(accountId, other);
      const decision = decideRemoval(
        { type: 'RemoveAssociation', data: { from: record, to: other, reason: 'RECORD_ARCHIVED' }, metadata },
        { from: self.state, to: to.state },
      );
      if (decision.from.length === 0 && decision.to.length === 0) return { removed: false, self };
      const write = (key: RecordKey, loaded: { revision?: bigint }, events: readonly LinksEvent[]) => {
        const stream = linksStream(accountId, key.objectTypeId, key.recordId);
        const newEvents: NewEvent[] = events.map((e, index) => ({
          id: deterministicEventId(commandId, stream, index),
          type: e.type,
          data: e.data,
          metadata: { ...metadata, schemaVersion: 1, route: ARCHIVE_CASCADE_ACTOR },
        }));
        return { stream, expected: loaded.revision ?? ('no_stream' as const), events: newEvents };
      };
      try {
        const result = await this.eventStore.append([
          write(record, self, decision.from),
          write(other, to, decision.to),
        ]);
        const state = decision.from.reduce(linksFold.evolve, self.state);
        return { removed: true, self: { state, revision: result.streams[0]?.revision ?? self.revision } };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        self = await this.load(accountId, record);
      }
    }
  }

  private async load(accountId: string, key: RecordKey): Promise<Loaded> {
    const events = await this.eventStore.readStream(linksStream(accountId, key.objectTypeId, key.recordId));
    const state = events.reduce((s, e) => linksFold.evolve(s, e as unknown as LinksEvent), linksFold.initialState());
    return { state, revision: events.at(-1)?.revision };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
