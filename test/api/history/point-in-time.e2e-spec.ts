import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface Page {
  results: { toObjectId: number; associationTypes: { category: string; typeId: number; label: string | null }[] }[];
  paging?: { next: { after: string } };
}

describe('point-in-time reads (native API)', () => {
  let app: NestFastifyApplication;
  const ACCOUNT = 'pit1';
  let admin: string;
  let lastPosition = '0';

  const send = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'x-min-position': lastPosition },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const write = async (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await send(admin, method, url, payload);
    expect(response.statusCode).toBeLessThan(300);
    lastPosition = String(response.headers['x-event-position']);
    return response;
  };
  const get = async <T>(url: string, token = admin): Promise<T> => {
    const response = await send(token, 'GET', url);
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  let contact: string;
  let companies: string[];
  let manager: number;
  const marks: Record<string, { position: string; time: string; page: Page; labels: unknown }> = {};
  const mark = async (name: string) => {
    await sleep(5);
    const page = await get<Page>(`/crm/v4/objects/contacts/${contact}/associations/companies`);
    const labels = await get<unknown>('/crm/v4/associations/contacts/companies/labels');
    marks[name] = { position: lastPosition, time: new Date().toISOString(), page, labels };
    await sleep(5);
  };

  beforeAll(async () => {
    app = await bootTestApp();
    admin = await signToken({ sub: 'admin', accountId: ACCOUNT, roles: ['super_admin'] });
    const before = new Date().toISOString();
    await sleep(5);
    const created = await write('POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Manager',
      inverseLabel: 'Employee',
    });
    manager = (
      created.json<{ results: { typeId: number; label: string }[] }>().results.find((r) => r.label === 'Manager') as {
        typeId: number;
      }
    ).typeId;
    const contacts = await write('POST', '/crm/v3/objects/contacts/batch/create', { inputs: [{ properties: {} }] });
    contact = contacts.json<{ results: { id: string }[] }>().results[0]!.id;
    const made = await write('POST', '/crm/v3/objects/companies/batch/create', {
      inputs: [{ properties: {} }, { properties: {} }, { properties: {} }],
    });
    companies = made
      .json<{ results: { id: string }[] }>()
      .results.map((r) => r.id)
      .sort((a, b) => Number(a) - Number(b));
    marks.before = { position: '0', time: before, page: { results: [] }, labels: null };
    await mark('empty');
    for (const id of companies) {
      await write('PUT', `/crm/v4/objects/contacts/${contact}/associations/default/companies/${id}`);
    }
    await write('PUT', `/crm/v4/objects/contacts/${contact}/associations/companies/${companies[1]}`, [
      { associationCategory: 'USER_DEFINED', associationTypeId: manager },
    ]);
    await mark('labeled');
    await write('PUT', '/crm/v4/associations/contacts/companies/labels', {
      associationTypeId: manager,
      label: 'Boss',
      inverseLabel: 'Staff',
    });
    await write('DELETE', `/crm/v4/objects/contacts/${contact}/associations/companies/${companies[0]}`);
    await mark('renamed');
    await write('DELETE', `/crm/v4/objects/contacts/${contact}/associations/companies/${companies[1]}`);
    await write('DELETE', `/crm/v4/associations/contacts/companies/labels/${manager}`);
    await mark('deleted');
  });
  afterAll(() => app.close());

  const asOfPage = (asOf: string, query = '', token = admin) =>
    get<Page>(`/api/v1/objects/contacts/${contact}/associations/companies?asOf=${asOf}${query}`, token);

  it('answers, at each write position, what the v4 page answered then', async () => {
    for (const name of ['empty', 'labeled', 'renamed', 'deleted']) {
      expect([name, await asOfPage(marks[name]!.position)]).toEqual([name, marks[name]!.page]);
    }
    expect(marks.labeled!.page.results).toHaveLength(3);
    expect(marks.labeled!.page.results[1]!.associationTypes).toContainEqual({
      category: 'USER_DEFINED',
      typeId: manager,
      label: 'Manager',
    });
  });

  it('answers for a time with the last position recorded at or before it; before the first event, nothing', async () => {
    for (const name of ['labeled', 'renamed', 'deleted']) {
      expect(await asOfPage(encodeURIComponent(marks[name]!.time))).toEqual(marks[name]!.page);
    }
    expect(await asOfPage(encodeURIComponent(marks.before!.time))).toEqual({ results: [] });
    expect(await asOfPage('0')).toEqual({ results: [] });
  });

  it('without asOf answers the present, as v4 does', async () => {
    const now = await get<Page>(`/api/v1/objects/contacts/${contact}/associations/companies`);
    expect(now).toEqual(await get<Page>(`/crm/v4/objects/contacts/${contact}/associations/companies`));
  });

  it('pages like the v4 route (limit, after)', async () => {
    const at = marks.labeled!.position;
    const first = await asOfPage(at, '&limit=2');
    expect(first.results.map((r) => String(r.toObjectId))).toEqual(companies.slice(0, 2));
    expect(first.paging).toEqual({ next: { after: companies[2] } });
    const second = await asOfPage(at, `&limit=2&after=${first.paging!.next.after}`);
    expect(second).toEqual({ results: [marks.labeled!.page.results[2]] });
    const live = await get<Page>(`/crm/v4/objects/contacts/${contact}/associations/companies?limit=1`);
    expect(await asOfPage(lastPosition, '&limit=1')).toEqual(live);
  });

  it('shows labels renamed or deleted later as they were', async () => {
    const labels = (asOf: string) =>
      get<{ results: { category: string; typeId: number; label: string | null }[] }>(
        `/api/v1/association-labels?fromObjectType=contacts&toObjectType=companies&asOf=${asOf}`,
      );
    const custom = async (asOf: string) => (await labels(asOf)).results.filter((r) => r.typeId === manager);
    expect(await labels(marks.labeled!.position)).toEqual(marks.labeled!.labels);
    expect(await custom(marks.labeled!.position)).toEqual([
      { category: 'USER_DEFINED', typeId: manager, label: 'Manager' },
    ]);
    expect(await custom(marks.renamed!.position)).toEqual([
      { category: 'USER_DEFINED', typeId: manager, label: 'Boss' },
    ]);
    expect(await custom(marks.deleted!.position)).toEqual([]);
    expect(await labels(marks.deleted!.position)).toEqual(marks.deleted!.labels);
    expect(await custom(encodeURIComponent(marks.labeled!.time))).toHaveLength(1);
    const inverse = await get<{ results: { typeId: number; label: string | null }[] }>(
      `/api/v1/association-labels?fromObjectType=companies&toObjectType=contacts&asOf=${marks.renamed!.position}`,
    );
    expect(inverse.results.filter((r) => r.label === 'Staff')).toHaveLength(1);
    const now = await get<unknown>('/api/v1/association-labels?fromObjectType=contacts&toObjectType=companies');
    expect(now).toEqual(await get<unknown>('/crm/v4/associations/contacts/companies/labels'));
    expect(await custom(marks.before!.position)).toEqual([]);
  });

  it('refuses a bad asOf, limit or missing object type with a HubSpot-shaped 400', async () => {
    for (const url of [
      `/api/v1/objects/contacts/${contact}/associations/companies?asOf=yesterday`,
      `/api/v1/objects/contacts/${contact}/associations/companies?asOf=2026-13-45T99:00:00Z`,
      `/api/v1/objects/contacts/${contact}/associations/companies?asOf=-5`,
      `/api/v1/objects/contacts/${contact}/associations/companies?asOf=1&limit=0`,
      '/api/v1/association-labels?fromObjectType=contacts&toObjectType=companies&asOf=soon',
      '/api/v1/association-labels?fromObjectType=contacts&asOf=1',
    ]) {
      const body = expectHubSpotError(await send(admin, 'GET', url), 400, 'VALIDATION_ERROR');
      expect(body.message).toBeTruthy();
    }
    const bad = expectHubSpotError(
      await send(admin, 'GET', `/api/v1/objects/contacts/${contact}/associations/companies?asOf=yesterday`),
      400,
      'VALIDATION_ERROR',
    );
    expect(bad.message).toMatch(/asOf/);
  });

  it('serves the v4 readers and auditors; refuses consumers and unauthenticated calls', async () => {
    const at = marks.labeled!.position;
    for (const roles of [['user'], ['auditor'], ['super_admin']]) {
      const token = await signToken({ sub: 'someone', accountId: ACCOUNT, roles });
      expect(await asOfPage(at, '', token)).toEqual(marks.labeled!.page);
      const labels = await send(
        token,
        'GET',
        `/api/v1/association-labels?fromObjectType=0-1&toObjectType=0-2&asOf=${at}`,
      );
      expect(labels.statusCode).toBe(200);
    }
    const consumer = await signToken({ sub: 'c', accountId: ACCOUNT, roles: ['consumer'] });
    expectHubSpotError(
      await send(consumer, 'GET', `/api/v1/objects/contacts/${contact}/associations/companies?asOf=${at}`),
      403,
      'MISSING_SCOPES',
    );
    expectHubSpotError(
      await send(consumer, 'GET', `/api/v1/association-labels?fromObjectType=0-1&toObjectType=0-2&asOf=${at}`),
      403,
      'MISSING_SCOPES',
    );
    const anonymous = await app.inject({
      method: 'GET',
      url: `/api/v1/objects/contacts/${contact}/associations/companies?asOf=${at}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('keeps accounts apart', async () => {
    const other = await signToken({ sub: 'admin', accountId: 'pit_other', roles: ['super_admin'] });
    const at = marks.labeled!.position;
    expect(await asOfPage(at, '', other)).toEqual({ results: [] });
    expect(await asOfPage(encodeURIComponent(new Date().toISOString()), '', other)).toEqual({ results: [] });
    const labels = await get<{ results: { typeId: number }[] }>(
      `/api/v1/association-labels?fromObjectType=contacts&toObjectType=companies&asOf=${marks.labeled!.position}`,
      other,
    );
    expect(labels.results.map((r) => r.typeId)).not.toContain(manager);
  });
});
