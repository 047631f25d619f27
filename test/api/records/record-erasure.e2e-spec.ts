import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadModelStore, type ReadModelStore } from '@app/read-models';
import { PROJECTIONS } from '@app/read-models/projections';
import { rebuildProjection } from '@app/read-models/rebuild';
import { openEventStore } from '@app/runtime';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';
import { parseCsv } from '../support/csv';
import { until } from '../support/until';

/**
 * Issue 6 item 7: a GDPR erasure removes a record's personal data from every read — HubSpot routes, search, batch
 * read, point-in-time, association history, the audit log in JSON and CSV, a rebuild of every projection — and from
 * the files on disk, while association history keeps the record's id. Values are sealed per record at rest from the
 * start, so not even the event log ever held them in clear.
 */
describe('record erasure (GDPR)', () => {
  const ACCOUNT = 'erase1';
  const EMAIL = 'ada.lovelace.7781@example.org';
  const FIRST = 'Adaquintessa';
  const RENAMED = 'Augustabelle';
  const LAST = 'Lovelacewick';
  const SECRETS = [EMAIL, FIRST, RENAMED, LAST];
  const KEEP = 'Babbagetonian'; // another contact's value, which must survive

  let dir: string;
  let app: NestFastifyApplication;
  let admin: string;
  let user: string;
  let lastPosition = '0';
  const env = () => ({
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODELS: 'sqlite',
    READ_MODELS_SQLITE_PATH: join(dir, 'read-models.db'),
  });

  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
    token = admin,
    headers = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-min-position': lastPosition, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const write = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) => {
    const response = await send(method, url, payload);
    expect([200, 201, 204]).toContain(response.statusCode);
    lastPosition = String(response.headers['x-event-position']);
    return response;
  };
  /** Every file of the data folder (databases and their WAL), as text. */
  const disk = () =>
    readdirSync(dir)
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');
  const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));

  let contact: string;
  let other: string;
  let company: string;
  let typeId: number;
  let beforeErasure: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erasure-'));
    app = await bootTestApp({ env: env() });
    admin = await signToken({ accountId: ACCOUNT, roles: ['super_admin'], sub: 'dpo-1' });
    user = await signToken({ accountId: ACCOUNT, roles: ['user'] });

    const label = await write('POST', '/crm/v4/associations/contacts/companies/labels', {
      label: 'Manager',
      name: 'manager',
    });
    typeId = label.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
    contact = (
      await write('POST', '/crm/v3/objects/contacts', {
        properties: { email: EMAIL, firstname: FIRST, lastname: LAST },
      })
    ).json<{ id: string }>().id;
    other = (
      await write('POST', '/crm/v3/objects/contacts', { properties: { email: 'keep@example.org', lastname: KEEP } })
    ).json<{ id: string }>().id;
    company = (await write('POST', '/crm/v3/objects/companies', { properties: { domain: 'engines.example' } })).json<{
      id: string;
    }>().id;
    await write('PATCH', `/crm/v3/objects/contacts/${contact}`, { properties: { firstname: RENAMED } });
    await write('PUT', `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`, [
      { associationCategory: 'USER_DEFINED', associationTypeId: typeId },
    ]);
    beforeErasure = lastPosition;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps personal data sealed in the event log from the start: only read models hold it in clear', async () => {
    const events = readdirSync(dir)
      .filter((name) => name.startsWith('events.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');
    expect(leaked(events)).toEqual([]);
    expect(events).not.toContain(KEEP);
    // …while every read still answers the values.
    const read = await send('GET', `/crm/v3/objects/contacts/${EMAIL}?idProperty=email&properties=firstname,lastname`);
    expect(read.json()).toMatchObject({ id: contact, properties: { firstname: RENAMED, lastname: LAST } });
  });

  it('is for super admins only (403), and 404 for a record that does not exist', async () => {
    expectHubSpotError(
      await send('POST', `/api/v1/objects/contacts/${contact}/erase`, {}, user),
      403,
      'MISSING_SCOPES',
    );
    expectHubSpotError(
      await send('POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: contact }, user),
      403,
      'MISSING_SCOPES',
    );
    expectHubSpotError(await send('POST', '/api/v1/objects/contacts/999999/erase', {}), 404, 'OBJECT_NOT_FOUND');
    expectHubSpotError(
      await send('POST', '/crm/v3/objects/contacts/gdpr-delete', {
        objectId: 'nobody@example.org',
        idProperty: 'email',
      }),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectHubSpotError(await send('POST', '/crm/v3/objects/contacts/gdpr-delete', {}), 400, 'VALIDATION_ERROR');
    expectHubSpotError(
      await send('POST', `/api/v1/objects/contacts/${contact}/erase`, { reason: 'x'.repeat(201) }),
      400,
      'VALIDATION_ERROR',
    );
    // Nothing was written by any refusal.
    const read = await send('GET', `/crm/v3/objects/contacts/${contact}`);
    expect(read.statusCode).toBe(200);
  });

  it("erases through HubSpot's gdpr-delete by email (204); the native route answers the erasure again, idempotently", async () => {
    const purge = await send('POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: EMAIL, idProperty: 'email' });
    expect(purge.statusCode).toBe(204);
    lastPosition = String(purge.headers['x-event-position']);
    const again = await send('POST', `/api/v1/objects/contacts/${contact}/erase`, { reason: 'DSR-2026-0042' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ objectTypeId: '0-1', id: contact, erased: true, erasedAt: expect.any(String) });
  });

  it('answers 404 for the record on every HubSpot read, and search finds nothing', async () => {
    for (const url of [
      `/crm/v3/objects/contacts/${contact}`,
      `/crm/v3/objects/contacts/${contact}?archived=true`,
      `/crm/v3/objects/contacts/${EMAIL}?idProperty=email`,
    ]) {
      expectHubSpotError(await send('GET', url), 404, 'OBJECT_NOT_FOUND');
    }
    const batch = await send('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [{ id: contact }, { id: other }],
      properties: ['email', 'firstname', 'lastname'],
    });
    expect(batch.statusCode).toBe(207);
    expect(batch.json<{ results: { id: string }[] }>().results.map((r) => r.id)).toEqual([other]);
    expect(leaked(batch.body)).toEqual([]);
    for (const list of ['/crm/v3/objects/contacts?properties=email', '/crm/v3/objects/contacts?archived=true']) {
      const page = await send('GET', list);
      expect(page.json<{ results: { id: string }[] }>().results.map((r) => r.id)).not.toContain(contact);
    }
    const search = await send('POST', '/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: EMAIL }] }],
    });
    expect(search.json()).toMatchObject({ total: 0, results: [] });
    const byQuery = await send('POST', '/crm/v3/objects/contacts/search', { query: RENAMED });
    expect(byQuery.json()).toMatchObject({ total: 0 });
  });

  it('removes its associations (archive cascade), keeping their history with the id only', async () => {
    await until(
      () => send('GET', `/crm/v4/objects/companies/${company}/associations/contacts`).then((r) => r.json()),
      (page: { results: unknown[] }) => page.results.length === 0,
      { what: 'the cascade removed the association' },
    );
    const history = await send('GET', `/api/v1/objects/companies/${company}/associations/contacts/${contact}/history`);
    expect(history.statusCode).toBe(200);
    const types = history.json<{ results: { type: string; reason?: string }[] }>().results.map((e) => e.type);
    expect(types[0]).toBe('CREATED');
    expect(types.at(-1)).toBe('REMOVED_RECORD_ARCHIVED');
    expect(leaked(history.body)).toEqual([]);
    // Point in time: the pair as it was, by ids.
    const asOf = await send('GET', `/api/v1/objects/contacts/${contact}/associations/companies?asOf=${beforeErasure}`);
    expect(asOf.json<{ results: { toObjectId: string }[] }>().results.map((r) => String(r.toObjectId))).toEqual([
      company,
    ]);
    expect(leaked(asOf.body)).toEqual([]);
  });

  it('shows the audit log (JSON and CSV) with the erased events marked and no value left; others keep theirs', async () => {
    const json = await send('GET', `/api/v1/audit/events?limit=500`);
    expect(json.statusCode).toBe(200);
    expect(leaked(json.body)).toEqual([]);
    expect(json.body).toContain(KEEP);
    const entries = json.json<{ results: { type: string; data: Record<string, unknown> }[] }>().results;
    const ofContact = entries.filter((e) => e.type.startsWith('Record') && e.data.recordId === contact);
    expect(ofContact.map((e) => e.type)).toEqual(['RecordCreated', 'RecordUpdated', 'RecordArchived', 'RecordErased']);
    expect(ofContact[0]!.data).toMatchObject({ properties: {}, erased: true });
    expect(ofContact[1]!.data).toMatchObject({ changes: {}, erased: true });
    expect(ofContact[3]!.data).toMatchObject({ erasedBy: 'dpo-1', reason: 'gdpr-delete' });
    const claims = entries.filter((e) => e.type.startsWith('UniqueValue') && e.data.recordId === contact);
    expect(claims.map((e) => [e.type, e.data.value, e.data.erased])).toEqual([
      ['UniqueValueClaimed', '', true],
      ['UniqueValueReleased', '', true],
    ]);

    const csv = await send('GET', `/api/v1/audit/events?limit=500`, undefined, admin, { accept: 'text/csv' });
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.body).length).toBeGreaterThan(entries.length); // header + rows
    expect(leaked(csv.body)).toEqual([]);
    expect(csv.body).toContain(KEEP);
  });

  it('frees the email for a new contact', async () => {
    const created = await write('POST', '/crm/v3/objects/contacts', { properties: { email: EMAIL } });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ id: string }>().id).not.toBe(contact);
  });

  it('leaves no value on disk, and a rebuild of every projection brings none back', async () => {
    // The new contact holds the email again: rebuild and check without it.
    await write('POST', '/api/v1/objects/contacts/' + (await newestContact()) + '/erase', {});
    await app.close();
    expect(leaked(disk())).toEqual([]);
    expect(disk()).toContain(KEEP);

    const store = await openEventStore({ kind: 'sqlite', sqlitePath: env().SQLITE_PATH });
    const readModels: ReadModelStore = await createReadModelStore({
      kind: 'sqlite',
      sqlitePath: env().READ_MODELS_SQLITE_PATH,
    });
    for (const projection of PROJECTIONS) await rebuildProjection(store, readModels, projection, { graceMs: 0 });
    await readModels.close();
    await store.close();
    expect(leaked(disk())).toEqual([]);
    expect(disk()).toContain(KEEP);

    // And the app on the rebuilt files still has nothing to show.
    app = await bootTestApp({ env: env() });
    expectHubSpotError(await send('GET', `/crm/v3/objects/contacts/${contact}`), 404, 'OBJECT_NOT_FOUND');
    const kept = await send('GET', `/crm/v3/objects/contacts/${other}?properties=lastname`);
    expect(kept.json()).toMatchObject({ properties: { lastname: KEEP } });
  }, 60_000);

  async function newestContact(): Promise<string> {
    const page = await send('GET', '/crm/v3/objects/contacts?limit=100');
    const ids = page.json<{ results: { id: string }[] }>().results.map((r) => Number(r.id));
    return String(Math.max(...ids));
  }
});
