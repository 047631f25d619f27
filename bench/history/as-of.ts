/**
 * bench/history/as-of (issue 6 item 3): point-in-time reads vs live reads of a record with 10,000 associations.
 * Embedded app in-process (SQLite events + SQLite read models, projections inline), requests through app.inject,
 * so the numbers are the app's own cost without a network. Target: asOf p50/p99 within 2× of live.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/history/as-of.ts [--associations 10000] [--reads 200]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { loadAppConfig } from '@app/config';
import { createApp } from '../../apps/api/src/app.factory';

const SECRET = 'bench-secret-that-is-long-enough-0123456789';
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ASSOCIATIONS = arg('associations', 10_000);
const READS = arg('reads', 200);
const BATCH = 100;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-as-of-'));
  const app = await createApp(
    loadAppConfig({
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: join(dir, 'events.db'),
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    }),
  );
  const token = await new SignJWT({ accountId: 'bench', roles: ['super_admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(SECRET));
  let lastPosition = '0';
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-min-position': lastPosition },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    if (method !== 'GET') lastPosition = String(response.headers['x-event-position']);
    return response;
  };

  try {
    const started = Date.now();
    const label = await call('POST', '/crm/v4/associations/companies/contacts/labels', {
      name: 'employer',
      label: 'Employer',
      inverseLabel: 'Employee',
    });
    const typeId = label
      .json<{ results: { typeId: number; label: string }[] }>()
      .results.find((r) => r.label === 'Employer')!.typeId;
    const company = (await call('POST', '/crm/v3/objects/companies', { properties: { name: 'hub' } })).json<{
      id: string;
    }>().id;
    const contacts: string[] = [];
    let mid = '0';
    for (let done = 0; done < ASSOCIATIONS; done += BATCH) {
      const inputs = Array.from({ length: BATCH }, () => ({ properties: {} }));
      const made = await call('POST', '/crm/v3/objects/contacts/batch/create', { inputs });
      const ids = made.json<{ results: { id: string }[] }>().results.map((r) => r.id);
      contacts.push(...ids);
      await call('POST', '/crm/v4/associations/companies/contacts/batch/create', {
        inputs: ids.map((id, i) => ({
          from: { id: company },
          to: { id },
          types: [
            { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 },
            ...(i % 3 === 0 ? [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }] : []),
          ],
        })),
      });
      if (done + BATCH === ASSOCIATIONS / 2) mid = lastPosition;
    }
    const full = lastPosition;
    const fullTime = new Date().toISOString();
    // Some churn after the full state: every tenth pair removed, then the label renamed.
    const removed = contacts.filter((_, i) => i % 10 === 5);
    for (let i = 0; i < removed.length; i += BATCH) {
      await call('POST', '/crm/v4/associations/companies/contacts/batch/archive', {
        inputs: [{ from: { id: company }, to: removed.slice(i, i + BATCH).map((id) => ({ id })) }],
      });
    }
    await call('PUT', '/crm/v4/associations/companies/contacts/labels', {
      associationTypeId: typeId,
      label: 'Employer (renamed)',
      inverseLabel: 'Employee',
    });
    console.log(`setup: ${ASSOCIATIONS} associations and churn in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const base = `/companies/${company}/associations/contacts`;
    const middleId = contacts[Math.floor(contacts.length / 2)]!;
    const cases: [string, string][] = [
      ['live v4, first page (500)', `/crm/v4/objects${base}`],
      ['asOf=<position> full, first page', `/api/v1/objects${base}?asOf=${full}`],
      ['asOf=<time> full, first page', `/api/v1/objects${base}?asOf=${encodeURIComponent(fullTime)}`],
      ['asOf=<position> half, first page', `/api/v1/objects${base}?asOf=${mid}`],
      ['live v4, page from the middle', `/crm/v4/objects${base}?after=${middleId}`],
      ['asOf=<position> full, page from the middle', `/api/v1/objects${base}?asOf=${full}&after=${middleId}`],
    ];
    const rows: string[] = [];
    for (const [name, url] of cases) {
      const size = (await call('GET', url)).json<{ results: unknown[] }>().results.length;
      for (let i = 0; i < 20; i++) await call('GET', url);
      const times: number[] = [];
      for (let i = 0; i < READS; i++) {
        const t = process.hrtime.bigint();
        await call('GET', url);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      rows.push(`| ${name} | ${size} | ${percentile(times, 0.5).toFixed(2)} | ${percentile(times, 0.99).toFixed(2)} |`);
    }
    console.log(`\nreads of a company with ${ASSOCIATIONS} associations (${READS} reads each, ms)\n`);
    console.log('| read | results | p50 | p99 |\n|---|---|---|---|');
    console.log(rows.join('\n'));
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
