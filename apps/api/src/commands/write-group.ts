import { AsyncLocalStorage } from 'node:async_hooks';
import type { DomainEvent } from '@app/domain';
import type { ExpectedState, NewEvent, StreamCheck, StreamWrite } from '@app/event-store';

/** A stream's expectation, as the first command of the group that touched it read it. */
interface StreamEntry {
  stream: string;
  expected: ExpectedState;
  /** What the group's commands decided to append to it, in order (their ids fixed by each command). */
  events: NewEvent[];
}

/** A stream as the group reads it: stored once, pending events folded on as they come. */
interface View<S> {
  stored: Promise<{ loaded: { state: S; revision: bigint | undefined }; state: S; applied: number }>;
}

/** Why a command cannot join the group's append: the caller appends what is pending and decides that command again. */
export class WriteGroupConflict extends Error {
  constructor(stream: string) {
    super(`${stream} was read at another revision than the group's pending writes assume`);
    this.name = 'WriteGroupConflict';
  }
}

/**
 * Several commands appended together (issue 5 item 11: a batch is few appends, not one per input). Each command is
 * decided as usual, but against the streams as the group's earlier commands left them: `load` folds their pending
 * events over what the store holds, so revisions and states are what they will be once the group is appended. The
 * group's append carries, per stream, the expectation its first reader saw and every pending event; a command whose
 * expectations cannot be expressed in that append (a stream moved under the group, or read around it) raises
 * `WriteGroupConflict`, and the executor appends what is pending before deciding that command again.
 */
export class WriteGroup {
  private readonly streams = new Map<string, StreamEntry>();
  private readonly checks = new Map<string, ExpectedState>();
  private readonly views = new Map<string, View<unknown>>();
  private position: bigint | undefined;

  /** The highest position the group's appends wrote, once one did. */
  get appendedPosition(): bigint | undefined {
    return this.position;
  }

  appended(position: bigint): void {
    if (this.position === undefined || position > this.position) this.position = position;
  }

  get isEmpty(): boolean {
    return this.streams.size === 0;
  }

  /** The streams the group's pending append writes. */
  get writtenStreams(): string[] {
    return [...this.streams.keys()];
  }

  /**
   * A stream as the group's next command must see it: the stored state (read from the store once per group — a
   * stream another writer moves meanwhile fails the group's append, so a fresher read would change nothing) with the
   * group's pending events folded on top, incrementally. `key` names the fold and the stream.
   */
  async load<S>(
    key: string,
    stream: string,
    loadStored: () => Promise<{ state: S; revision: bigint | undefined }>,
    evolve: (state: S, event: DomainEvent) => S,
  ): Promise<{ state: S; revision: bigint | undefined }> {
    let view = this.views.get(key) as View<S> | undefined;
    if (view === undefined) {
      const stored = loadStored().then((loaded) => ({ loaded, state: loaded.state, applied: 0 }));
      view = { stored };
      this.views.set(key, view as View<unknown>);
      // A failed read is not remembered: the next command of the group reads again.
      stored.catch(() => this.views.get(key) === view && this.views.delete(key));
    }
    const folded = await view.stored;
    const pending = this.streams.get(stream)?.events ?? [];
    // Pending events were decided on the revision the group expects; if the store moved on, the group's append fails
    // its expectation and everything is decided again, so a mixed state is never appended.
    for (; folded.applied < pending.length; folded.applied++) {
      const { type, data } = pending[folded.applied]!;
      folded.state = evolve(folded.state, { type, data });
    }
    if (pending.length === 0) return folded.loaded;
    return { state: folded.state, revision: (folded.loaded.revision ?? -1n) + BigInt(pending.length) };
  }

  /**
   * Takes one command's writes and checks into the group. Every expectation must agree with the group's view: a
   * written stream's expected revision is its base plus what the group already holds for it.
   */
  add(writes: readonly StreamWrite[], checks: readonly StreamCheck[]): void {
    for (const { stream, expected } of [...writes, ...checks]) {
      if (!this.agrees(stream, expected)) throw new WriteGroupConflict(stream);
    }
    for (const { stream, expected } of checks) {
      if (!this.streams.has(stream) && !this.checks.has(stream)) this.checks.set(stream, expected);
    }
    for (const { stream, expected, events } of writes) {
      let entry = this.streams.get(stream);
      if (entry === undefined) {
        entry = { stream, expected: this.checks.get(stream) ?? expected, events: [] };
        this.checks.delete(stream);
        this.streams.set(stream, entry);
      }
      entry.events.push(...events);
    }
  }

  /** The append of what is pending (every stream written with its base expectation, every other read checked); the group is empty after. */
  take(): { writes: StreamWrite[]; checks: StreamCheck[] } {
    const taken = {
      writes: [...this.streams.values()].map(({ stream, expected, events }) => ({ stream, expected, events })),
      checks: [...this.checks].map(([stream, expected]) => ({ stream, expected })),
    };
    this.streams.clear();
    this.checks.clear();
    this.views.clear(); // what was pending is stored now: read it again
    return taken;
  }

  private agrees(stream: string, expected: ExpectedState): boolean {
    if (expected === 'any') return true;
    const entry = this.streams.get(stream);
    if (entry === undefined) {
      const checked = this.checks.get(stream);
      return checked === undefined || checked === expected;
    }
    const pending = BigInt(entry.events.length);
    const base = entry.expected;
    if (base === 'any') return false; // an unconditional write leaves the revision unknown to the others
    if (expected === 'no_stream') return false; // the group already writes it
    if (expected === 'exists') return true;
    if (base === 'no_stream') return expected === pending - 1n;
    if (base === 'exists') return false;
    return expected === base + pending;
  }
}

const groups = new AsyncLocalStorage<WriteGroup>();
const atOnce = new AsyncLocalStorage<true>();

/** The group the current command runs in, if a batch opened one. */
export function currentWriteGroup(): WriteGroup | undefined {
  return groups.getStore();
}

/** Runs `fn` with `group` as the current group. */
export function inWriteGroup<T>(group: WriteGroup, fn: () => Promise<T>): Promise<T> {
  return groups.run(group, fn);
}

/**
 * Runs `fn` outside any group: its commands append at once, neither joining a batch nor waiting to be combined with
 * other requests' commands (an id block reservation other commands may be waiting for must not queue behind them).
 */
export function outsideWriteGroup<T>(fn: () => Promise<T>): Promise<T> {
  return groups.exit(() => atOnce.run(true, fn));
}

/** Whether the current command must append on its own, at once (it runs in `outsideWriteGroup`). */
export function appendsAtOnce(): boolean {
  return atOnce.getStore() === true;
}
