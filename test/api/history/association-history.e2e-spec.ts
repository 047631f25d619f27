import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { linksStream, recordStream } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';
import { until } from '../support/until';

interface Label {
  typeId: number;
  category: string | null;
  label: string | null;
}
interface Entry {
  position: string;
  recordedAt: string;
  type: string;
  reason?: string;
  before: Label[];
  after: Label[];
  actor: { userId: string };
  route: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
}
interface HistoryPage {
  results: Entry[];
  paging?: { next: { after: string } };
}

const PAIR_ROUTE = 'PUT /crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId';
const CASCADE = 'process-manager:archive-cascade';

/** Issue 6 item 2 (association history) and item 6 (actor attribution on the events themselves). */
describe('association history (native API)', () => {
  let app: NestFastifyApplication;
  let store: MemoryEventStore;
  let admin: string;
  let writer: string;
  const ACCOUNT = 'ahist1';
  let lastPosition = '0';

  const send = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-min-position': lastPosition },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const write = async (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, token = writer) => {
    const response = await send(token, method, url, payload);
    expect([200, 201, 204]).toContain(response.statusCode);
    lastPosition = String(response.headers['x-event-position']);
    return response;
  };
  const create = async (type: string, token = writer) =>
    (await write('POST', `/crm/v3/objects/${type}`, { properties: {} }, token)).json<{ id: string }>().id;
  const setLabels = (c: string, k: string, ...types: [string, number][]) =>
    write(
      'PUT',
      `/crm/v4/objects/contacts/${c}/associations/companies/${k}`,
      types.map(([associationCategory, associationTypeId]) => ({ associationCategory, associationTypeId })),
    );
  const historyUrl = (from: string, fromId: string, to: string, toId: string, query = '') =>
    `/api/v1/objects/${from}/${fromId}/associations/${to}/${toId}/history${query}`;
  const history = async (url: string, token = admin): Promise<HistoryPage> => {
    const response = await send(token, 'GET', url);
    expect(response.statusCode).toBe(200);
    return response.json<HistoryPage>();
  };

  let manager: number;
  let employee: number;
  let c1: string;
  let k1: string;
  let k2: string;
  let archiveCorrelation: string;

  beforeAll(async () => {
    store = new MemoryEventStore();
    app = await bootTestApp({ eventStore: store });
    admin = await signToken({ sub: 'admin-1', accountId: ACCOUNT, roles: ['super_admin'] });
    writer = await signToken({ sub: 'writer-2', accountId: ACCOUNT, roles: ['user'] });
    const created = await write(
      'POST',
      '/crm/v4/associations/contacts/companies/labels',
      { name: 'manager', label: 'Manager', inverseLabel: 'Employee' },
      admin,
    );
    const { results } = created.json<{ results: { typeId: number; label: string }[] }>();
    manager = results.find((r) => r.label === 'Manager')!.typeId;
    employee = results.find((r) => r.label === 'Employee')!.typeId;
    c1 = await create('contacts');
    k1 = await create('companies');
    k2 = await create('companies');
    await setLabels(c1, k1, ['HUBSPOT_DEFINED', 279]); // created, unlabeled only
    await setLabels(c1, k1, ['USER_DEFINED', manager]); // Manager added
    await setLabels(c1, k2, ['HUBSPOT_DEFINED', 1]); // Primary on k2
    await setLabels(c1, k1, ['HUBSPOT_DEFINED', 1], ['USER_DEFINED', manager]); // Primary moves to k1
    await setLabels(c1, k1, ['HUBSPOT_DEFINED', 1]); // 'set' drops Manager
    const archive = await write('DELETE', `/crm/v3/objects/contacts/${c1}`);
    archiveCorrelation = String(archive.headers['x-correlation-id']);
    await until(
      () => history(historyUrl('contacts', c1, 'companies', k1)),
      (page) => page.results.at(-1)?.type === 'REMOVED_RECORD_ARCHIVED',
      { what: 'the archive cascade removed c1–k1 and the history shows it' },
    );
  });
  afterAll(() => app.close());

  it('lists every change of the pair oldest first, with before/after, who, how and on behalf of what', async () => {
    const { results, paging } = await history(historyUrl('contacts', c1, 'companies', k1));
    expect(paging).toBeUndefined();
    expect(results.map((e) => e.type)).toEqual([
      'CREATED',
      'LABELS_ADDED',
      'PRIMARY_MOVED_TO',
      'LABELS_REMOVED',
      'REMOVED_RECORD_ARCHIVED',
    ]);
    expect(results[0]).toMatchObject({
      before: [],
      after: [{ typeId: 279, category: 'HUBSPOT_DEFINED', label: null }],
      actor: { userId: 'writer-2' },
      route: PAIR_ROUTE,
    });
    expect(results[1]!.after).toEqual([
      { typeId: 279, category: 'HUBSPOT_DEFINED', label: null },
      { typeId: manager, category: 'USER_DEFINED', label: 'Manager' },
    ]);
    expect(results[3]).toMatchObject({
      before: [{ typeId: 1, label: 'Primary' }, { typeId: 279 }, { typeId: manager }],
      after: [{ typeId: 1, label: 'Primary' }, { typeId: 279 }],
    });
    const archived = results[4]!;
    expect(archived).toMatchObject({
      reason: 'RECORD_ARCHIVED',
      after: [],
      actor: { userId: CASCADE },
      route: CASCADE,
      correlationId: archiveCorrelation,
    });
    const positions = results.map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    for (const e of results.slice(0, 4)) {
      expect(e).toMatchObject({ commandId: expect.any(String), correlationId: expect.any(String) });
      expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
    }
  });

  it("either direction names the same changes, labels seen from the path's first record", async () => {
    const fromCompany = await history(historyUrl('companies', k1, '0-1', c1));
    const fromContact = await history(historyUrl('0-1', c1, 'company', k1));
    expect(fromCompany.results.map((e) => [e.type, e.commandId])).toEqual(
      fromContact.results.map((e) => [e.type, e.commandId]),
    );
    expect(fromCompany.results[1]!.after).toEqual([
      { typeId: 280, category: 'HUBSPOT_DEFINED', label: null },
      { typeId: employee, category: 'USER_DEFINED', label: 'Employee' },
    ]);
    expect(fromCompany.results[2]!.after.map((l) => l.label)).toContain('Primary');
  });

  it('shows the Primary moving away from the former Primary company', async () => {
    const { results } = await history(historyUrl('contacts', c1, 'companies', k2));
    expect(results.map((e) => e.type)).toEqual(['CREATED', 'PRIMARY_MOVED_AWAY', 'REMOVED_RECORD_ARCHIVED']);
  });

  it('pages by position: paging.next.after only when there is more', async () => {
    const url = (query: string) => historyUrl('contacts', c1, 'companies', k1, query);
    const all = (await history(url(''))).results.map((e) => e.position);
    const first = await history(url('?limit=2'));
    expect(first.results.map((e) => e.position)).toEqual(all.slice(0, 2));
    expect(first.paging).toEqual({ next: { after: all[1] } });
    const second = await history(url(`?limit=2&after=${first.paging!.next.after}`));
    expect(second.results.map((e) => e.position)).toEqual(all.slice(2, 4));
    const third = await history(url(`?limit=2&after=${second.paging!.next.after}`));
    expect(third.results.map((e) => e.position)).toEqual(all.slice(4));
    expect(third.paging).toBeUndefined();
    expect(await history(url(`?after=${all[4]}`))).toEqual({ results: [] });
  });

  it('filters by type, actor and time', async () => {
    const url = (query: string) => historyUrl('contacts', c1, 'companies', k1, query);
    const all = (await history(url(''))).results;
    expect((await history(url('?type=CREATED,LABELS_REMOVED'))).results.map((e) => e.type)).toEqual([
      'CREATED',
      'LABELS_REMOVED',
    ]);
    expect((await history(url('?type=CREATED&type=REMOVED_RECORD_ARCHIVED'))).results).toHaveLength(2);
    expect((await history(url(`?actor=${CASCADE}`))).results.map((e) => e.type)).toEqual(['REMOVED_RECORD_ARCHIVED']);
    expect((await history(url('?actor=writer-2'))).results).toHaveLength(4);
    expect((await history(url('?actor=nobody'))).results).toEqual([]);
    const from = encodeURIComponent(all[0]!.recordedAt);
    expect((await history(url(`?from=${from}`))).results).toHaveLength(5);
    expect((await history(url(`?to=${from}`))).results).toEqual([]);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect((await history(url(`?from=${future}`))).results).toEqual([]);
    expect((await history(url(`?to=${future}`))).results).toHaveLength(5);
  });

  it('refuses bad parameters with a 400', async () => {
    const url = (query: string) => historyUrl('contacts', c1, 'companies', k1, query);
    for (const query of ['?limit=0', '?limit=101', '?after=x', '?type=NOPE', '?from=yesterday', '?to=2026-13-01']) {
      expectHubSpotError(await send(admin, 'GET', url(query)), 400, 'VALIDATION_ERROR');
    }
    expectHubSpotError(await send(admin, 'GET', historyUrl('nonsense', c1, 'companies', k1)), 400, 'VALIDATION_ERROR');
  });

  it('answers 404 for records that do not exist', async () => {
    expectHubSpotError(
      await send(admin, 'GET', historyUrl('contacts', '999999', 'companies', k1)),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectHubSpotError(
      await send(admin, 'GET', historyUrl('contacts', c1, 'companies', '999999')),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectHubSpotError(
      await send(admin, 'GET', historyUrl('contacts', 'abc', 'companies', k1)),
      404,
      'OBJECT_NOT_FOUND',
    );
  });

  it('admits super admins, users and auditors; refuses other roles', async () => {
    const url = historyUrl('contacts', c1, 'companies', k1);
    for (const role of ['super_admin', 'user', 'auditor']) {
      const token = await signToken({ sub: `r-${role}`, accountId: ACCOUNT, roles: [role] });
      expect((await history(url, token)).results).toHaveLength(5);
    }
    const consumer = await signToken({ sub: 'c-1', accountId: ACCOUNT, roles: ['consumer'] });
    expectHubSpotError(await send(consumer, 'GET', url), 403, 'MISSING_SCOPES');
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it("never shows another account's history", async () => {
    const other = await signToken({ sub: 'other-1', accountId: 'ahist_other', roles: ['super_admin'] });
    const c = await create('contacts', other);
    const k = await create('companies', other);
    await write(
      'PUT',
      `/crm/v4/objects/contacts/${c}/associations/companies/${k}`,
      [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
      other,
    );
    const own = await history(historyUrl('contacts', c, 'companies', k), other);
    expect(own.results.map((e) => [e.type, e.actor.userId])).toEqual([['CREATED', 'other-1']]);
    // Our ids may name records of the other account too; they never show our changes there.
    const response = await send(other, 'GET', historyUrl('contacts', c1, 'companies', k1));
    if (response.statusCode === 200) {
      expect(response.json<HistoryPage>().results.every((e) => e.actor.userId === 'other-1')).toBe(true);
    } else expectHubSpotError(response, 404, 'OBJECT_NOT_FOUND');
    const ours = await history(historyUrl('contacts', c, 'companies', k));
    expect(ours.results.every((e) => e.actor.userId !== 'other-1')).toBe(true);
  });

  describe('actor attribution on the stored events (issue 6 item 6)', () => {
    it('an API command records the user, the route and the request', async () => {
      const events = await store.readStream(linksStream(ACCOUNT, '0-1', c1));
      const labeled = events.find((e) => e.type === 'AssociationLabeled')!;
      expect(labeled.metadata).toMatchObject({
        accountId: ACCOUNT,
        actor: 'writer-2',
        route: PAIR_ROUTE,
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: labeled.metadata.correlationId,
        schemaVersion: 1,
      });
      const [record] = await store.readStream(recordStream(ACCOUNT, '0-1', c1));
      expect(record!.metadata).toMatchObject({ actor: 'writer-2', route: 'POST /crm/v3/objects/:objectType' });
    });

    it('the archive cascade names itself and the archive it reacted to', async () => {
      const [, archived] = (await store.readStream(recordStream(ACCOUNT, '0-1', c1))).filter(
        (e) => e.type === 'RecordCreated' || e.type === 'RecordArchived',
      );
      expect(archived).toMatchObject({ type: 'RecordArchived', metadata: { actor: 'writer-2' } });
      expect(archived!.metadata.correlationId).toBe(archiveCorrelation);
      for (const stream of [linksStream(ACCOUNT, '0-1', c1), linksStream(ACCOUNT, '0-2', k1)]) {
        const removed = (await store.readStream(stream)).at(-1)!;
        expect(removed).toMatchObject({ type: 'AssociationRemoved', data: { reason: 'RECORD_ARCHIVED' } });
        expect(removed.metadata).toMatchObject({
          accountId: ACCOUNT,
          actor: CASCADE,
          route: CASCADE,
          causationId: archived!.id,
          correlationId: archived!.metadata.correlationId,
          commandId: expect.any(String),
          schemaVersion: 1,
        });
      }
    });
  });
});
