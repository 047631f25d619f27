import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '../../../apps/api/src/auth/principal';
import { bootTestApp, signToken, type TestAppOptions } from './test-app';

export interface SdkApp {
  app: NestFastifyApplication;
  basePath: string;
  /** The official HubSpot SDK pointed at the app, with a token for `accountId` and `roles`. */
  client(options?: { accountId?: string; roles?: Role[]; userId?: string }): Promise<Client>;
  token(options?: { accountId?: string; roles?: Role[]; userId?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The real app listening on a free local port, for clients that speak HTTP (the HubSpot SDK uses fetch). */
export async function startSdkApp(options: TestAppOptions = {}): Promise<SdkApp> {
  const app = await bootTestApp(options);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const basePath = `http://127.0.0.1:${port}`;
  const token = ({ accountId = '1', roles = ['super_admin'], userId = 'admin-1' } = {}) =>
    signToken({ sub: userId, accountId, roles });
  return {
    app,
    basePath,
    token,
    client: async (who = {}) => new Client({ accessToken: await token(who), basePath }),
    close: () => app.close(),
  };
}

/** Runs an SDK call expected to fail and returns the ApiException's code and parsed body. */
export async function sdkError(call: Promise<unknown>): Promise<{
  code: number;
  body: { status: string; category: string; message: string; context?: Record<string, string[]> };
  headers: Record<string, string>;
}> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: number; body?: unknown; headers?: Record<string, string> };
    if (typeof e.code !== 'number') throw error;
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as unknown) : e.body;
    return { code: e.code, body: body as never, headers: e.headers ?? {} };
  }
  throw new Error('expected the SDK call to fail');
}
