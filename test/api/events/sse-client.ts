import { request } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** A raw SSE connection for tests: every frame, in order, until the server ends it or the test aborts it. */
export interface SseConnection {
  frames: EventSourceMessage[];
  /** Resolves when the response ends or is aborted. */
  ended: Promise<void>;
  abort(): void;
  /** Pauses reading (the socket's buffers fill up, the server's writes back up). */
  pause(): void;
  resume(): void;
  status: Promise<number>;
}

export function openSse(
  url: string,
  token: string,
  options: { lastEventId?: string; onFrame?: (frame: EventSourceMessage, connection: SseConnection) => void } = {},
): SseConnection {
  const frames: EventSourceMessage[] = [];
  let resolveStatus!: (status: number) => void;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  let endedResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endedResolve = resolve));
  let paused = false;
  let aborted = false;
  let response: import('node:http').IncomingMessage | undefined;
  const connection: SseConnection = {
    frames,
    ended,
    status,
    abort: () => {
      // Frames after this point are not "received": the consumer went away.
      aborted = true;
      req.destroy();
    },
    pause: () => {
      paused = true;
      response?.pause();
    },
    resume: () => {
      paused = false;
      response?.resume();
    },
  };
  const parser = createParser({
    onEvent: (frame) => {
      if (aborted) return;
      frames.push(frame);
      options.onFrame?.(frame, connection);
    },
  });
  const req = request(
    url,
    {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
      },
    },
    (res) => {
      response = res;
      resolveStatus(res.statusCode ?? 0);
      if (paused) res.pause();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('end', endedResolve);
      res.on('close', endedResolve);
      res.on('error', endedResolve);
    },
  );
  req.on('error', () => {
    resolveStatus(0);
    endedResolve();
  });
  req.end();
  return connection;
}
