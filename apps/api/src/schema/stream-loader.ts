import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { currentWriteGroup } from '../commands/write-group';

/** A fold over one stream: what a decider's `initialState`/`evolve` give, under a name that keys its cache. */
export interface StreamFold<S> {
  readonly name: string;
  initialState(): S;
  evolve(state: S, event: DomainEvent): S;
}

export interface LoadedStream<S> {
  state: S;
  /** The revision the state was folded up to; undefined when the stream has no events. */
  revision: bigint | undefined;
}

/** Streams whose folded state is kept at once; the least recently used go first. */
const MAX_CACHED = 10_000;

/**
 * Loads a stream's decided state: the cached state at some revision plus whatever was appended since, so a long
 * stream (an account's schema, a hub record) is never re-read whole (DESIGN.md §6). The cache only saves reads:
 * every load still reads to the end of the stream, and every append still names the revision it was decided at.
 * States must be immutable (deciders return new objects), since they are shared by concurrent commands.
 */
@Injectable()
export class StreamLoader {
  private readonly cache = new Map<string, LoadedStream<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The stream as the store holds it, or, inside a write group (a batch), with the group's pending events on top. */
  async load<S>(stream: string, fold: StreamFold<S>): Promise<LoadedStream<S>> {
    const stored = await this.loadStored(stream, fold);
    const group = currentWriteGroup();
    return group ? group.overlay(stream, stored, (state, event) => fold.evolve(state, event)) : stored;
  }

  private async loadStored<S>(stream: string, fold: StreamFold<S>): Promise<LoadedStream<S>> {
    const key = `${fold.name}\u0000${stream}`;
    const cached = this.cache.get(key) as LoadedStream<S> | undefined;
    const fromRevision = cached?.revision === undefined ? 0n : cached.revision + 1n;
    const events = await this.store.readStream(stream, { fromRevision });
    let state = cached?.state ?? fold.initialState();
    let revision = cached?.revision;
    for (const event of events) {
      state = fold.evolve(state, event);
      revision = event.revision;
    }
    const loaded = { state, revision };
    this.cache.delete(key);
    if (revision !== undefined) this.cache.set(key, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }
}
