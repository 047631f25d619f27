import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EventStore } from '@app/event-store';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { encodeCursor } from '@app/runtime/events/event-cursor';
import { tailEntryMatches, type AccountTail, type AccountTails } from './account-tail';
import { matchesFeed, type FeedFilter } from './feed-filter';
import { sseFrame } from './sse-frame';

export { sseFrame } from './sse-frame';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** How long a connection whose buffer is over `maxBufferedBytes` may stay so before it is cut off. */
  slowConsumerTimeoutMs: number;
  /** Bytes written and not yet taken by the client above which the stream stops reading the log. */
  maxBufferedBytes: number;
  /** Events read from the store (or taken from the tail) per write. */
  batchSize?: number;
}

/** Why a stream ended, for logs and metrics. */
export type StreamEnd = 'CLIENT_CLOSED' | 'SLOW_CONSUMER' | 'SERVER_CLOSING' | 'ERROR';

/**
 * Streams the account's public events after `after` to one SSE connection (ADR 0009). Catch-up reads the store by
 * account, a page at a time, from the connection's cursor; once the cursor reaches the account's shared live tail
 * (which holds every event above its `floor`), the connection takes its events from there — one store subscription
 * and one envelope per event for all the account's connections of this process. Both sources are read strictly
 * after the last event sent, so the switch neither skips nor repeats; a connection the tail has left behind (its
 * window moved on) goes back to the store. Each public event is a frame `id: <cursor>`, `event: <type>`,
 * `data: <envelope>`; a `heartbeat` frame carries the cursor of the last event looked at (filtered out ones
 * included) after `heartbeatMs` of silence.
 *
 * Backpressure: nothing more is read while more than `maxBufferedBytes` wait in the connection's buffer; if the
 * client does not take them within `slowConsumerTimeoutMs`, a final `disconnect` frame (reason `SLOW_CONSUMER`,
 * `resumeAfter` = the last event sent) ends the stream. Memory per connection: the buffer limit plus one batch.
 */
export class EventStream {
  private tail?: AccountTail;
  private lastSeen: bigint;
  private lastWriteAt = Date.now();
  private heartbeat?: NodeJS.Timeout;
  private ended = false;
  private endReason?: StreamEnd;
  private readonly abort = new AbortController();
  private readonly batchSize: number;
  /** The most bytes the connection's buffer held (tests and metrics read it). */
  maxBuffered = 0;

  constructor(
    private readonly store: EventStore,
    private readonly tails: AccountTails,
    private readonly response: ServerResponse,
    private readonly accountId: string,
    private readonly filter: FeedFilter,
    after: bigint,
    private readonly options: EventStreamOptions,
    private readonly logger?: Logger,
  ) {
    this.lastSeen = after;
    this.batchSize = options.batchSize ?? 500;
  }

  /** Runs until the client leaves, is cut off, or `close()` is called; resolves with why it ended. */
  async run(): Promise<StreamEnd> {
    this.response.on('close', () => this.finish('CLIENT_CLOSED'));
    this.write(sseFrame('heartbeat', encodeCursor(this.lastSeen), { cursor: encodeCursor(this.lastSeen) }));
    this.heartbeat = setInterval(() => this.beat(), Math.max(10, Math.floor(this.options.heartbeatMs / 2)));
    try {
      this.tail = await this.tails.acquire(this.accountId);
      while (!this.ended) {
        const sent = this.lastSeen < this.tail.floor ? await this.fromStore() : await this.fromTail(this.tail);
        if (sent && !(await this.roomForMore())) this.cutOff();
      }
    } catch (error) {
      if (!this.ended) {
        this.logger?.error({ err: error }, 'event stream failed');
        this.write(sseFrame('disconnect', undefined, { reason: 'ERROR', resumeAfter: encodeCursor(this.lastSeen) }));
        this.finish('ERROR');
      }
    } finally {
      if (this.tail) await this.tails.release(this.accountId, this.tail);
    }
    this.finish(this.endReason ?? 'SERVER_CLOSING');
    return this.endReason!;
  }

  /** Ends the stream from the server's side (shutdown), telling the client where to resume. */
  close(): void {
    if (this.ended) return;
    this.write(
      sseFrame('disconnect', undefined, { reason: 'SERVER_CLOSING', resumeAfter: encodeCursor(this.lastSeen) }),
    );
    this.finish('SERVER_CLOSING');
  }

  /** One page of catch-up from the store; whether anything was written. */
  private async fromStore(): Promise<boolean> {
    const floor = this.tail!.floor;
    const page = await this.store.readAll({
      after: this.lastSeen,
      maxCount: this.batchSize,
      filter: { accountId: this.accountId },
    });
    if (this.ended) return false;
    let text = '';
    for (const event of page) {
      if (!matchesFeed(event, this.filter)) continue;
      const envelope = toPublicEnvelope(event);
      text += sseFrame(envelope.type, envelope.cursor, envelope);
    }
    if (text !== '') this.write(text);
    // Only once the page is written: a failure half-way must not move the resume point past unsent events.
    // An empty page below the tail's floor: nothing visible lies in between (the floor was the head once).
    this.lastSeen = page.at(-1)?.position ?? (floor > this.lastSeen ? floor : this.lastSeen);
    return text !== '';
  }

  /** The tail's events after the cursor (waiting for some when there are none); whether anything was written. */
  private async fromTail(tail: AccountTail): Promise<boolean> {
    tail.check();
    const entries = tail.after(this.lastSeen).slice(0, this.batchSize);
    if (entries.length === 0) {
      await tail.wait(this.lastSeen, this.options.heartbeatMs, this.abort.signal);
      return false;
    }
    let text = '';
    for (const entry of entries) if (tailEntryMatches(entry, this.filter)) text += entry.frame;
    if (text !== '') this.write(text);
    this.lastSeen = entries.at(-1)!.event.position;
    return text !== '';
  }

  private write(text: string): void {
    if (this.ended || this.response.destroyed) return;
    this.response.write(text);
    this.lastWriteAt = Date.now();
    this.maxBuffered = Math.max(this.maxBuffered, this.response.writableLength);
  }

  private beat(): void {
    if (this.ended || Date.now() - this.lastWriteAt < this.options.heartbeatMs) return;
    // A heartbeat into a full buffer would only grow it; the slow-consumer check deals with that connection.
    if (this.response.writableLength > this.options.maxBufferedBytes) return;
    const cursor = encodeCursor(this.lastSeen);
    this.write(sseFrame('heartbeat', cursor, { cursor }));
  }

  /** Waits until the buffer is back under the limit; false when the client took nothing for the whole timeout. */
  private async roomForMore(): Promise<boolean> {
    const response = this.response;
    const deadline = Date.now() + this.options.slowConsumerTimeoutMs;
    while (!this.ended && response.writableLength > this.options.maxBufferedBytes) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          response.off('drain', done);
          this.abort.signal.removeEventListener('abort', done);
          resolve();
        };
        // 'drain' only fires once the buffer is empty and only after a write was refused: check every so often too.
        const timer = setTimeout(done, Math.min(left, 50));
        response.once('drain', done);
        this.abort.signal.addEventListener('abort', done, { once: true });
      });
    }
    return true;
  }

  private cutOff(): void {
    const resumeAfter = encodeCursor(this.lastSeen);
    this.logger?.warn({ accountId: this.accountId, resumeAfter }, 'event stream: slow consumer cut off');
    // One small frame more than the limit, so the client learns where to resume once it reads again.
    this.response.write(sseFrame('disconnect', undefined, { reason: 'SLOW_CONSUMER', resumeAfter }));
    this.finish('SLOW_CONSUMER');
    // A client that never reads again must not hold the buffer for ever; one that reads gets the final frame.
    const response = this.response;
    const timer = setTimeout(() => response.destroy(), Math.max(1000, 3 * this.options.slowConsumerTimeoutMs));
    timer.unref();
    response.once('finish', () => clearTimeout(timer));
    response.once('close', () => clearTimeout(timer));
  }

  private finish(reason: StreamEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    clearInterval(this.heartbeat);
    this.abort.abort();
    if (!this.response.destroyed && !this.response.writableEnded) this.response.end();
  }
}
