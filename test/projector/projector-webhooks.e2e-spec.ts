import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { loadAppConfig } from '@app/config';
import { createApp } from '../../apps/api/src/app.factory';
import { startProjector, type Projector } from '../../apps/projector/src/projector';
import { freePort } from '../api/support/spawn';
import { signToken } from '../api/support/test-app';
import { until } from '../api/support/until';
import { Receiver } from '../api/webhooks/receiver';
import { delivered } from '../api/webhooks/webhooks.suite';

const ACCOUNT = 'embedded_hooks';

/**
 * Embedded mode with the projections in apps/projector: one SQLite file, no JWT_SECRET and no WEBHOOK_SIGNING_KEY.
 * The api signs tokens and derives each subscription's secret from the secret file next to SQLITE_PATH; the
 * projector must derive the same secret from the same file, or the subscriptions the api accepts are never
 * delivered.
 */
describe('apps/projector delivers webhooks in embedded mode (secret file, no JWT_SECRET)', () => {
  let dir: string;
  let api: NestFastifyApplication | undefined;
  let projector: Projector | undefined;
  let receiver: Receiver | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labels-projector-hooks-'));
  });
  afterAll(async () => {
    await projector?.close();
    await api?.close();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs with the secret the api returned, derived from the shared secret file', async () => {
    receiver = await new Receiver(() => 200).start();
    const env = {
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: join(dir, 'events.db'),
      READ_MODELS: 'sqlite',
      PROJECTIONS: 'off',
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_BASE_MS: '20',
    };
    const config = loadAppConfig(env);
    api = await createApp(config);
    await api.listen(0, '127.0.0.1');
    projector = await startProjector(loadAppConfig({ ...env, PROJECTOR_PORT: String(await freePort()) }), {
      logger: pino({ level: 'silent' }),
    });

    // The api created the secret file at boot; tokens are signed with it.
    const secret = (await readFile(config.embeddedSecretPath(), 'utf8')).trim();
    const token = await signToken({ sub: 'u1', accountId: ACCOUNT, roles: ['super_admin'] }, { secret });
    const basePath = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    const response = await fetch(`${basePath}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targetUrl: receiver.url, eventTypes: ['RecordCreated'] }),
    });
    expect(response.status).toBe(201);
    const subscription = (await response.json()) as { id: string; secret: string };
    const client = new Client({ accessToken: token, basePath });
    const emails = ['ada@example.com', 'bo@example.com', 'cy@example.com'];
    for (const email of emails) await client.crm.contacts.basicApi.create({ properties: { email } });

    const received = await until(
      async () => delivered(receiver!, subscription.secret),
      (events) => events.length >= emails.length,
      { what: 'the projector delivered the contacts', timeoutMs: 15_000 },
    );
    expect(received.map((e) => (e.data as { properties: { email: string } }).properties.email)).toEqual(emails);
  }, 30_000);
});
