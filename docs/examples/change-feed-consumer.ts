import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One event as the feed delivers it (the envelope of `GET /api/v1/events/schemas`). */
export interface FeedEvent {
  cursor: string;
  position: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  accountId: string;
  recordedAt: string;
  actor: string;
  objectTypeIds: string[];
  data: Record<string, unknown>;
}

export interface ConsumerOptions {
  /** The service, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A bearer token with the `consumer` role. */
  token: string;
  /** Where the cursor survives restarts. */
  cursorFile: string;
  /** Optional filters, as the route takes them. */
  types?: string[];
  objectTypes?: string[];
  /** Handles one event. Make it idempotent by `eventId`: after a crash, the last event may come again. */
  onEvent: (event: FeedEvent) => Promise<void>;
  /** Stops the consumer (between two events). */
  signal?: AbortSignal;
  /** Wait before reconnecting after an error; doubles up to 30 s. */
  retryMs?: number;
}

/** The cursor stored by the last run, or undefined the first time. */
export async function loadCursor(file: string): Promise<string | undefined> {
  try {
    const cursor = (await readFile(file, 'utf8')).trim();
    return cursor === '' ? undefined : cursor;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write-then-rename: a crash leaves the old cursor or the new one, never half a file. */
export async function saveCursor(file: string, cursor: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, cursor);
  await rename(`${file}.tmp`, file);
}

/**
 * Follows the account's change feed until `signal` aborts: connects with the stored cursor (`Last-Event-ID`), hands
 * each event to `onEvent`, stores the cursor after it, and reconnects where it left off after a disconnect, a
 * heartbeat-less silence, a server restart or a `disconnect` frame (a slow consumer is told where to resume).
 */
export async function consumeChangeFeed(options: ConsumerOptions): Promise<void> {
  const { baseUrl, token, cursorFile, signal } = options;
  let delay = options.retryMs ?? 500;
  while (!signal?.aborted) {
    const query = new URLSearchParams();
    if (options.types?.length) query.set('types', options.types.join(','));
    if (options.objectTypes?.length) query.set('objectTypes', options.objectTypes.join(','));
    const cursor = await loadCursor(cursorFile);
    try {
      const response = await fetch(`${baseUrl}/api/v1/events/stream?${query}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
          ...(cursor ? { 'last-event-id': cursor } : {}),
        },
        signal,
      });
      if (response.status >= 400 && response.status < 500) {
        // A bad token, role or cursor does not get better by retrying.
        throw new Error(`The feed refused the consumer: ${response.status} ${await response.text()}`);
      }
      if (!response.ok || !response.body) throw new RetryableError(`The feed answered ${response.status}`);
      await readStream(response.body, options);
      delay = options.retryMs ?? 500;
    } catch (error) {
      if (signal?.aborted) return;
      if (!(error instanceof RetryableError) && !isNetworkError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

/** Reads frames until the stream ends, the server says `disconnect`, or the consumer is stopped. */
async function readStream(body: ReadableStream<Uint8Array>, options: ConsumerOptions): Promise<void> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => queue.push(message) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) {
        const message = queue.shift()!;
        if (message.event === 'disconnect') {
          const { resumeAfter } = JSON.parse(message.data) as { resumeAfter: string };
          await saveCursor(options.cursorFile, resumeAfter);
          return;
        }
        if (message.event !== 'heartbeat') await options.onEvent(JSON.parse(message.data) as FeedEvent);
        // Heartbeats move the cursor too: past the events a filter left out.
        if (message.id) await saveCursor(options.cursorFile, message.id);
        if (options.signal?.aborted) return;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

class RetryableError extends Error {}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /terminated|ECONNRESET|socket/i.test(error.message));
}
