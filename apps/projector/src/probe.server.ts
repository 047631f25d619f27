import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthReport } from '@app/runtime';

export interface ProbeServerOptions {
  metrics: Registry;
  health: () => Promise<HealthReport>;
  onError?: (error: unknown) => void;
}

/** The projector's only HTTP surface: `GET /health` (503 when not ok) and `GET /metrics`; 404 for anything else. */
export function createProbeServer(options: ProbeServerOptions): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
    };
    const json = (status: number, body: unknown) =>
      send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      json(405, { status: 'error', message: `Method ${request.method} is not allowed` });
      return;
    }
    const answer =
      path === '/health'
        ? options.health().then((report) => json(report.status === 'ok' ? 200 : 503, report))
        : path === '/metrics'
          ? options.metrics.metrics().then((text) => send(200, options.metrics.contentType, text))
          : Promise.resolve(json(404, { status: 'error', message: `Unknown route: ${path}` }));
    answer.catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) json(500, { status: 'error', message: 'An internal error occurred' });
    });
  });
}

/** Listens on all interfaces; resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
