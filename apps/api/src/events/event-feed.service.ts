import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CatalogueReader } from '../schema/catalogue.reader';
import { AccountTails } from './feed/account-tail';
import { EventStream } from './feed/event-stream';
import type { FeedFilter } from './feed/feed-filter';
import { readFeedPage, type FeedPage } from './feed/feed-page.reader';

const OBJECT_TYPE_ID = /^\d+-\d+$/;
/** Events of an account's live tail kept for its connections (ADR 0009); one further behind reads the store. */
const TAIL_CAPACITY = 5000;

/** The change feed: pages of public events by cursor, and live SSE streams (issue 7 item 2, ADR 0009). */
@Injectable()
export class EventFeedService implements BeforeApplicationShutdown {
  private readonly streams = new Set<EventStream>();
  private readonly tails: AccountTails;
  /** The most bytes any connection of this process held for its client (the slow-consumer test reads it). */
  peakBufferedBytes = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogues: CatalogueReader,
    private readonly config: AppConfig,
  ) {
    this.tails = new AccountTails(store, TAIL_CAPACITY, undefined, config.FEED_FLUSH_MS);
  }

  /** Types as given (validated by the DTO); object type names resolved to ids, raw ids kept (removed types too). */
  async filter(accountId: string, query: { types?: string[]; objectTypes?: string[] }): Promise<FeedFilter> {
    const filter: FeedFilter = {};
    if (query.types !== undefined && query.types.length > 0) filter.types = new Set(query.types);
    if (query.objectTypes !== undefined && query.objectTypes.length > 0) {
      const ids = new Set<string>();
      for (const name of query.objectTypes) {
        if (OBJECT_TYPE_ID.test(name)) ids.add(name);
        else ids.add(this.catalogues.resolveObjectType(await this.catalogues.read(accountId), name));
      }
      filter.objectTypeIds = ids;
    }
    return filter;
  }

  page(accountId: string, filter: FeedFilter, after: bigint, limit?: number): Promise<FeedPage> {
    return readFeedPage(this.store, accountId, filter, { after, limit });
  }

  /** Streams until the client leaves or is cut off. */
  async stream(response: ServerResponse, accountId: string, filter: FeedFilter, after: bigint): Promise<void> {
    const stream = new EventStream(this.store, this.tails, response, accountId, filter, after, {
      heartbeatMs: this.config.FEED_HEARTBEAT_MS,
      slowConsumerTimeoutMs: this.config.FEED_SLOW_CONSUMER_TIMEOUT_MS,
      maxBufferedBytes: this.config.FEED_MAX_BUFFERED_BYTES,
    });
    this.streams.add(stream);
    try {
      await stream.run();
    } finally {
      this.peakBufferedBytes = Math.max(this.peakBufferedBytes, stream.maxBuffered);
      this.streams.delete(stream);
    }
  }

  /** Where the account's shared live tail starts, if one is open: connections behind it read the store. */
  liveTailFloor(accountId: string): bigint | undefined {
    return this.tails.floorOf(accountId);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Before the HTTP server closes: it would otherwise wait for every open stream to end. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const stream of this.streams) stream.close();
    await this.tails.closeAll();
  }
}
