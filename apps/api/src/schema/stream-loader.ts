import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@app/domain';
import {
  EVENT_STORE,
  type AppendResult,
  type EventStore,
  type SnapshotStore,
  type StreamWrite,
} from '@app/event-store';
import { currentWriteGroup } from '../commands/write-group';

/** A fold over one stream: what a decider's `initialState`/`evolve` give, under a name that keys its cache. */
export interface StreamFold<S> {
  readonly name: string;
  initialState(): S;
  evolve(state: S, event: DomainEvent): S;
  /**
   * How to keep the state as text (ADR 0006 §10), for folds of long streams without personal data; `version` changes
   * with the encoding or the fold, so an older snapshot is never read.
   */
  snapshot?: { version: number; encode(state: S): string; decode(text: string): S };
}

export interface LoadedStream<S> {
  state: S;
  /** The revision the state was folded up to; undefined when the stream has no events. */
  revision: bigint | undefined;
}

/** Streams whose folded state is kept at once; the least recently used go first. */
const MAX_CACHED = 10_000;
/**
 * A load that folded this many stored events (of a fold that has a snapshot encoding) keeps a snapshot at the revision
 * it reached, so the next load after the state left the cache reads the snapshot and fewer than this many events.
 */
export const SNAPSHOT_AFTER_EVENTS = 16;
/**
 * A stream that stays cached (a busy hub) is never re-read, so the rule above never fires for it: its state is kept
 * as a snapshot whenever an append carries its revision across a multiple of this (doubled while it is less than a
 * sixteenth of the stream, so encoding a large state stays a small share of each append), and after a restart its
 * first command folds that many events at most instead of the whole stream.
 */
export const SNAPSHOT_EVERY_REVISIONS = 1_000n;

/** Whether an append that moved a stream from revision `from` to `to` carried it across a snapshot mark. */
function crossesSnapshotMark(from: bigint, to: bigint): boolean {
  let interval = SNAPSHOT_EVERY_REVISIONS;
  while (interval * 16n < to + 1n) interval *= 2n;
  return (from + 1n) / interval !== (to + 1n) / interval;
}

/**
 * Loads a stream's decided state: the cached state at some revision plus whatever was appended since, so a long
 * stream (an account's schema, a hub record) is never re-read whole (DESIGN.md §6). The cache only saves reads:
 * every load still reads to the end of the stream, and every append still names the revision it was decided at.
 * This process's own appends are folded in as they succeed (`appended`), so reading to the end usually finds nothing
 * (and the SQLite store then answers without a query). States must be immutable (deciders return new objects), since
 * they are shared by concurrent commands.
 */
@Injectable()
export class StreamLoader {
  private readonly cache = new Map<string, LoadedStream<unknown>>();
  /** Every fold that loaded something, by name: what an append's events are folded into. */
  private readonly folds = new Map<string, StreamFold<unknown>>();

  private readonly snapshots?: SnapshotStore;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.snapshots = store.snapshots?.();
  }

  /** The stream as the store holds it, or, inside a write group (a batch), with the group's pending events on top. */
  async load<S>(stream: string, fold: StreamFold<S>): Promise<LoadedStream<S>> {
    const group = currentWriteGroup();
    if (group === undefined) return this.loadStored(stream, fold);
    return group.load(
      `${fold.name}\u0000${stream}`,
      stream,
      () => this.loadStored(stream, fold),
      (state, event) => fold.evolve(state, event),
    );
  }

  /**
   * Folds what an append wrote into the cached states decided at the revision it expected: the append succeeded, so
   * the stream was at that revision and holds exactly these events after it — unless the store answered a retry of
   * an earlier append (its revision then is not this one's), which is left to be read, as are other cached states.
   */
  appended(writes: readonly StreamWrite[], result: AppendResult): void {
    const revisions = new Map(result.streams.map(({ stream, revision }) => [stream, revision]));
    for (const { stream, expected, events } of writes) {
      if (expected === 'any' || expected === 'exists') continue;
      const base = expected === 'no_stream' ? undefined : expected;
      const revision = (base ?? -1n) + BigInt(events.length);
      if (revisions.get(stream) !== revision) continue;
      for (const fold of this.folds.values()) {
        const key = `${fold.name}\u0000${stream}`;
        const cached = this.cache.get(key);
        if (cached === undefined || cached.revision !== base) continue;
        let state = cached.state;
        for (const { type, data } of events) state = fold.evolve(state, { type, data });
        this.cache.delete(key);
        this.cache.set(key, { state, revision });
        if (fold.snapshot !== undefined && crossesSnapshotMark(base ?? -1n, revision)) {
          this.keepSnapshot(stream, fold, state, revision);
        }
      }
    }
  }

  private async loadStored<S>(stream: string, fold: StreamFold<S>): Promise<LoadedStream<S>> {
    const key = `${fold.name}\u0000${stream}`;
    if (!this.folds.has(fold.name)) this.folds.set(fold.name, fold as StreamFold<unknown>);
    const cached = (this.cache.get(key) as LoadedStream<S> | undefined) ?? (await this.fromSnapshot(stream, fold));
    const fromRevision = cached?.revision === undefined ? 0n : cached.revision + 1n;
    const events = await this.store.readStream(stream, { fromRevision });
    let state = cached?.state ?? fold.initialState();
    let revision = cached?.revision;
    for (const event of events) {
      state = fold.evolve(state, event);
      revision = event.revision;
    }
    if (events.length >= SNAPSHOT_AFTER_EVENTS && revision !== undefined)
      this.keepSnapshot(stream, fold, state, revision);
    const loaded = { state, revision };
    this.cache.delete(key);
    // An empty stream is cached too: the append that creates it (expected no_stream) is then folded in.
    this.cache.set(key, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }

  /** The kept snapshot of a stream not in the cache, if its fold has them; an unreadable one is ignored. */
  private async fromSnapshot<S>(stream: string, fold: StreamFold<S>): Promise<LoadedStream<S> | undefined> {
    if (fold.snapshot === undefined || this.snapshots === undefined) return undefined;
    const kept = await this.snapshots.read(stream, snapshotName(fold.snapshot, fold.name));
    if (kept === undefined) return undefined;
    try {
      return { state: fold.snapshot.decode(kept.state), revision: kept.revision };
    } catch {
      return undefined; // folded from the start instead; the next load that folds enough keeps a readable one
    }
  }

  /**
   * Writes a snapshot without waiting for it: snapshots are derived data, so a failed write only means a later load
   * folds more events.
   */
  private keepSnapshot<S>(stream: string, fold: StreamFold<S>, state: S, revision: bigint): void {
    if (fold.snapshot === undefined || this.snapshots === undefined) return;
    const name = snapshotName(fold.snapshot, fold.name);
    this.snapshots.write(stream, name, { revision, state: fold.snapshot.encode(state) }).catch(() => undefined);
  }
}

const snapshotName = (snapshot: { version: number }, foldName: string): string => `${foldName}@${snapshot.version}`;
