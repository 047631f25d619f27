import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { parseCsv } from '../support/csv';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface Entry {
  position: string;
  eventId: string;
  type: string;
  stream: string;
  revision: string;
  recordedAt: string;
  actor: string;
  route: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
interface Page {
  results: Entry[];
  paging?: { next: { after: string } };
}

const ACCOUNT = 'aud1';
const T10 = '2026-03-01T10:00:00.000Z';
const T11 = '2026-03-01T11:00:00.000Z';
const T12 = '2026-03-01T12:00:00.000Z';
const ODD_ACTOR = 'eve, "the" auditor\r\nline two';

describe('account audit log: GET /api/v1/audit/events', () => {
  let app: NestFastifyApplication;
  let now = Date.parse(T10);
  const store = new MemoryEventStore(() => new Date(now));
  let auditor: string;
  let admin: string;
  let contact: string;
  let company: string;
  let manager: number;

  const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const audit = async (query = '', token = auditor): Promise<Page> => {
    const response = await call(token, 'GET', `/api/v1/audit/events${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.json<Page>();
  };
  const all = async (query = '', limit = 500): Promise<{ entries: Entry[]; pages: Page[] }> => {
    const pages: Page[] = [];
    let after: string | undefined;
    do {
      const sep = query ? '&' : '?';
      pages.push(await audit(`${query}${sep}limit=${limit}${after ? `&after=${after}` : ''}`));
      after = pages[pages.length - 1]!.paging?.next.after;
    } while (after !== undefined && pages.length < 200);
    return { entries: pages.flatMap((p) => p.results), pages };
  };
  const accountLog = async (): Promise<RecordedEvent[]> => store.readAll({ filter: { accountId: ACCOUNT } });

  beforeAll(async () => {
    app = await bootTestApp({ eventStore: store });
    auditor = await signToken({ sub: 'aud-1', accountId: ACCOUNT, roles: ['auditor'] });
    admin = await signToken({ sub: 'admin-1', accountId: ACCOUNT, roles: ['super_admin'] });
    const user = await signToken({ sub: 'user-2', accountId: ACCOUNT, roles: ['user'] });

    // 10:00 — the admin defines a label (its text has a comma and quotes) and creates two records.
    const label = await call(admin, 'POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Boss, "big"',
      inverseLabel: 'Employee',
    });
    expect(label.statusCode).toBe(200);
    manager = label
      .json<{ results: { typeId: number; label: string }[] }>()
      .results.find((r) => r.label === 'Boss, "big"')!.typeId;
    const created = await call(
      admin,
      'POST',
      '/crm/v3/objects/contacts',
      { properties: { email: 'ann@example.com', firstname: 'Ann\nline two' } },
      { 'idempotency-key': 'create-ann' },
    );
    expect(created.statusCode).toBe(201);
    contact = created.json<{ id: string }>().id;
    company = (await call(admin, 'POST', '/crm/v3/objects/companies', { properties: { name: 'Acme' } })).json<{
      id: string;
    }>().id;

    // 11:00 — a user associates them with the label.
    now = Date.parse(T11);
    const put = await call(user, 'PUT', `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`, [
      { associationCategory: 'USER_DEFINED', associationTypeId: manager },
    ]);
    expect(put.statusCode).toBe(201);

    // 12:00 — the admin renames the label.
    now = Date.parse(T12);
    const renamed = await call(admin, 'PUT', '/crm/v4/associations/contacts/companies/labels', {
      associationTypeId: manager,
      label: 'Chief',
    });
    expect(renamed.statusCode).toBe(204);

    // A user whose id has a comma, quotes and a line break: CSV fields that are not JSON carry them raw.
    const odd = await signToken({ sub: ODD_ACTOR, accountId: ACCOUNT, roles: ['super_admin'] });
    expect((await call(odd, 'POST', '/crm/v3/objects/companies', { properties: { name: 'Odd' } })).statusCode).toBe(
      201,
    );

    // Another account's events are in the same store.
    const other = await signToken({ sub: 'admin-9', accountId: 'aud_other', roles: ['super_admin'] });
    await call(other, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'x@example.com' } });
  });
  afterAll(() => app.close());

  describe('paging', () => {
    it("answers every event of the account in log order, nothing of another account's", async () => {
      const log = await accountLog();
      const { entries } = await all();
      expect(entries.map((e) => e.position)).toEqual(log.map((e) => e.position.toString()));
      expect(entries.map((e) => e.type)).toEqual(log.map((e) => e.type));
      expect(entries.every((e) => e.metadata.accountId === ACCOUNT)).toBe(true);
    });

    it('pages by position: next.after only while there is more, and pages join without gap or overlap', async () => {
      const log = await accountLog();
      const { entries, pages } = await all('', 3);
      expect(pages).toHaveLength(Math.ceil(log.length / 3));
      expect(pages.slice(0, -1).every((p) => p.results.length === 3 && p.paging !== undefined)).toBe(true);
      expect(pages[pages.length - 1]!.paging).toBeUndefined();
      expect(pages[0]!.paging!.next.after).toBe(pages[0]!.results[2]!.position);
      expect(entries.map((e) => e.position)).toEqual(log.map((e) => e.position.toString()));
    });

    it('defaults to 100 per page; after the last position answers an empty page without next', async () => {
      const first = await audit();
      const log = await accountLog();
      expect(first.results).toHaveLength(Math.min(100, log.length));
      expect(await audit(`?after=${log[log.length - 1]!.position}`)).toEqual({ results: [] });
    });

    it('shows each event with its metadata: stream, revision, time, actor, route, command and correlation ids', async () => {
      const { entries } = await all('?type=AssociationLabeled');
      const event = entries[0]!;
      expect(event).toEqual({
        position: expect.stringMatching(/^\d+$/),
        eventId: expect.any(String),
        type: 'AssociationLabeled',
        stream: expect.stringMatching(new RegExp(`^links-${ACCOUNT}\\.`)),
        revision: '0',
        recordedAt: T11,
        actor: 'user-2',
        route: 'PUT /crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        data: expect.objectContaining({ typeIds: expect.arrayContaining([manager]) }),
        metadata: expect.objectContaining({ accountId: ACCOUNT, actor: 'user-2', schemaVersion: 1 }),
      });
    });

    it('shows internal bookkeeping events too (command receipts, id reservations)', async () => {
      const types = new Set((await all()).entries.map((e) => e.type));
      expect(types).toContain('CommandAccepted');
      expect(types).toContain('RecordIdsReserved');
    });
  });

  describe('filters', () => {
    it('type: any of several, comma-separated or repeated', async () => {
      const comma = await all('?type=LabelCreated,LabelRenamed');
      // Provisioning created HubSpot's labels first; then ours, then its rename.
      expect(comma.entries.map((e) => e.type)).toEqual([...Array(5).fill('LabelCreated'), 'LabelRenamed']);
      expect(comma.entries.slice(-2).map((e) => e.data.label)).toEqual(['Boss, "big"', undefined]);
      const repeated = await all('?type=LabelCreated&type=LabelRenamed');
      expect(repeated.entries).toEqual(comma.entries);
    });

    it('actor', async () => {
      const { entries } = await all('?actor=user-2');
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.actor === 'user-2')).toBe(true);
      expect(new Set(entries.map((e) => e.type))).toEqual(new Set(['AssociationLabeled']));
      expect((await all('?actor=nobody')).entries).toEqual([]);
    });

    it('from (inclusive) and to (exclusive) on the recorded time', async () => {
      const between = await all(`?from=${T11}&to=${T12}`);
      expect(between.entries.length).toBeGreaterThan(0);
      expect(between.entries.every((e) => e.recordedAt === T11)).toBe(true);
      const since = await all(`?from=${encodeURIComponent('2026-03-01T12:00:00+00:00')}`);
      expect(since.entries.map((e) => e.type)).toEqual(['LabelRenamed', 'RecordCreated']);
      const before = await all(`?to=${T11}`);
      expect(before.entries.every((e) => e.recordedAt === T10)).toBe(true);
      const log = await accountLog();
      expect(before.entries.length + between.entries.length + since.entries.length).toBe(log.length);
    });

    it("objectType and objectId: the record's streams and events that name it, either side of an association", async () => {
      const { entries } = await all(`?objectType=contacts&objectId=${contact}`);
      expect(entries.map((e) => e.type).sort()).toEqual(
        ['AssociationLabeled', 'AssociationLabeled', 'RecordCreated', 'UniqueValueClaimed'].sort(),
      );
      expect(entries.map((e) => e.stream)).toContain(`links-${ACCOUNT}.0-2.${company}`);
      const byId = await all(`?objectType=0-1&objectId=${contact}`);
      expect(byId.entries).toEqual(entries);
      expect((await all(`?objectType=companies&objectId=${contact}99`)).entries).toEqual([]);
    });

    it('objectType alone: every event that concerns a record of that type', async () => {
      const { entries } = await all('?objectType=companies');
      expect(entries.map((e) => e.type).sort()).toEqual(
        ['AssociationLabeled', 'AssociationLabeled', 'RecordCreated', 'RecordCreated'].sort(),
      );
    });

    it('composes every filter with paging', async () => {
      const query = `?type=AssociationLabeled&actor=user-2&from=${T11}&to=${T12}&objectType=contacts&objectId=${contact}`;
      const { entries, pages } = await all(query, 1);
      expect(entries).toHaveLength(2);
      expect(pages).toHaveLength(2);
      expect(pages[0]!.paging).toBeDefined();
      expect(pages[1]!.paging).toBeUndefined();
    });
  });

  describe('bad query parameters: 400 in HubSpot shape', () => {
    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['after=-1', 'after'],
      ['after=abc', 'after'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      [`from=${T12}&to=${T11}`, 'from'],
      ['objectId=1', 'objectType'],
      ['objectType=widgets', 'widgets'],
      ['type=Not%20A%20Type', 'type'],
    ])('%s', async (query, named) => {
      const response = await call(auditor, 'GET', `/api/v1/audit/events?${query}`);
      const body = expectHubSpotError(response, 400, 'VALIDATION_ERROR');
      expect(body.message).toContain(named);
    });
  });

  describe('CSV export (Accept: text/csv)', () => {
    const csv = async (query = '') => {
      const response = await call(auditor, 'GET', `/api/v1/audit/events${query}`, undefined, { accept: 'text/csv' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-events-${ACCOUNT}.csv"`);
      return { response, rows: parseCsv(response.body) };
    };

    it('writes a header and one row per event, the same events as the JSON pages', async () => {
      const { rows } = await csv();
      expect(rows[0]).toEqual([
        'position',
        'recordedAt',
        'type',
        'stream',
        'revision',
        'actor',
        'route',
        'commandId',
        'correlationId',
        'causationId',
        'eventId',
        'data',
        'metadata',
      ]);
      const { entries } = await all();
      expect(rows.slice(1).map((r) => r[0])).toEqual(entries.map((e) => e.position));
      expect(rows.slice(1).map((r) => JSON.parse(r[11]!) as unknown)).toEqual(entries.map((e) => e.data));
    });

    it('quotes commas, quotes and newlines (RFC 4180) so that every field reads back intact', async () => {
      const { response, rows } = await csv('?type=LabelCreated,RecordCreated');
      expect(response.body).toContain('""Boss, \\""big\\""""');
      const labels = rows
        .filter((r) => r[2] === 'LabelCreated')
        .map((r) => (JSON.parse(r[11]!) as { label: string }).label);
      expect(labels).toContain('Boss, "big"');
      const record = JSON.parse(rows.find((r) => r[2] === 'RecordCreated' && r[11]!.includes('ann'))![11]!) as {
        properties: Record<string, string>;
      };
      expect(record.properties.firstname).toBe('Ann\nline two');
      expect(rows.slice(1).every((r) => r.length === 13)).toBe(true);
    });

    it('quotes a raw line break, comma and quotes outside JSON (an actor id)', async () => {
      const { response, rows } = await csv('?type=RecordCreated');
      expect(response.body).toContain('"eve, ""the"" auditor\r\nline two"');
      const odd = rows.filter((r) => r[5] === ODD_ACTOR);
      expect(odd).toHaveLength(1);
      expect(JSON.parse(odd[0]![11]!)).toMatchObject({ properties: { name: 'Odd' } });
    });

    it('applies the filters and `after`, not `limit`', async () => {
      const { entries } = await all(`?actor=user-2`);
      const { rows } = await csv(`?actor=user-2&limit=1&after=${entries[0]!.position}`);
      expect(rows.slice(1).map((r) => r[0])).toEqual(entries.slice(1).map((e) => e.position));
    });

    it('refuses bad parameters with a JSON error, before any CSV is written', async () => {
      const response = await call(auditor, 'GET', '/api/v1/audit/events?from=never', undefined, {
        accept: 'text/csv',
      });
      expectHubSpotError(response, 400, 'VALIDATION_ERROR');
    });
  });
});
