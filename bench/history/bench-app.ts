import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { loadAppConfig } from '@app/config';
import { createApp } from '../../apps/api/src/app.factory';

const SECRET = 'bench-secret-that-is-long-enough-0123456789';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface BenchApp {
  app: NestFastifyApplication;
  /** A request as `accountId`'s super admin, after that account's last write (read-your-writes); throws on ≥ 300. */
  call(accountId: string, method: Method, url: string, payload?: unknown): ReturnType<NestFastifyApplication['inject']>;
  /** Latency percentiles (ms) of `reads` GETs after 20 warm-up ones, and the result count of the last. */
  measure(accountId: string, url: string, reads: number): Promise<{ p50: number; p99: number; body: string }>;
  /** Later reads of the account wait for the projections to pass `position` (written other than through `call`). */
  readAfter(accountId: string, position: bigint): void;
  close(): Promise<void>;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/**
 * The embedded app in-process (SQLite events + SQLite read models, projections inline), requests through
 * app.inject: the numbers are the app's own cost without a network, as a client on the same machine would see them
 * minus the socket.
 */
export async function startBenchApp(): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const app = await createApp(
    loadAppConfig({
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: join(dir, 'events.db'),
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    }),
  );
  const tokens = new Map<string, string>();
  const positions = new Map<string, string>();
  const token = async (accountId: string) => {
    let t = tokens.get(accountId);
    if (t === undefined) {
      t = await new SignJWT({ accountId, roles: ['super_admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('bench')
        .setIssuedAt()
        .setExpirationTime('4h')
        .sign(new TextEncoder().encode(SECRET));
      tokens.set(accountId, t);
    }
    return t;
  };
  const call: BenchApp['call'] = async (accountId, method, url, payload) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await token(accountId)}`, 'x-min-position': positions.get(accountId) ?? '0' },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    if (method !== 'GET') positions.set(accountId, String(response.headers['x-event-position']));
    return response;
  };
  return {
    app,
    call,
    async measure(accountId, url, reads) {
      let body = '';
      for (let i = 0; i < 20; i++) body = (await call(accountId, 'GET', url)).body;
      const times: number[] = [];
      for (let i = 0; i < reads; i++) {
        const t = process.hrtime.bigint();
        await call(accountId, 'GET', url);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), body };
    },
    readAfter(accountId, position) {
      positions.set(accountId, String(position));
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
