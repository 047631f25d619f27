import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface Entry {
  position: string;
  occurredAt: string;
  actor: { userId: string };
  type: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}
interface HistoryPage {
  results: Entry[];
  paging?: { next: { after: string } };
}

describe('label details and history (native API)', () => {
  let app: NestFastifyApplication;
  let admin: string;
  const ACCOUNT = 'hist1';

  const send = async (
    token: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload } : {}),
    });
    return response;
  };
  /** A read after a write: waits for the projections to pass the write (read-your-writes). */
  let lastPosition = '0';
  const write = async (
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    token = admin,
  ) => {
    const response = await send(token, method, url, payload);
    expect([200, 204]).toContain(response.statusCode);
    lastPosition = String(response.headers['x-event-position']);
    return response;
  };
  const read = (url: string, token = admin) =>
    app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, 'x-min-position': lastPosition },
    });
  const history = async (key: string, query = ''): Promise<HistoryPage> => {
    const response = await read(`/api/v1/association-labels/${key}/history${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<HistoryPage>();
  };

  let manager: number;
  let employee: number;

  beforeAll(async () => {
    app = await bootTestApp();
    admin = await signToken({ sub: 'admin-7', accountId: ACCOUNT, roles: ['super_admin'] });
    const created = await write('POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Manager',
      inverseLabel: 'Employee',
    });
    const { results } = created.json<{ results: { typeId: number; label: string }[] }>();
    manager = results.find((r) => r.label === 'Manager')!.typeId;
    employee = results.find((r) => r.label === 'Employee')!.typeId;
    await write('PUT', '/crm/v4/associations/contacts/companies/labels', { associationTypeId: manager, label: 'Boss' });
  });
  afterAll(() => app.close());

  describe('when the label is active', () => {
    it('answers its details by forward typeId, inverse typeId and internal name alike', async () => {
      const byForward = await read(`/api/v1/association-labels/${manager}`);
      expect(byForward.statusCode).toBe(200);
      const details = byForward.json<Record<string, unknown>>();
      expect(details).toMatchObject({
        category: 'USER_DEFINED',
        shape: 'paired',
        status: 'Active',
        fromObjectTypeId: '0-1',
        toObjectTypeId: '0-2',
        typeId: manager,
        inverseTypeId: employee,
        label: 'Boss',
        inverseLabel: 'Employee',
        name: 'manager',
        createdBy: 'admin-7',
        forward: { typeId: manager, fromObjectTypeId: '0-1', toObjectTypeId: '0-2', label: 'Boss', limit: 'many' },
        inverse: { typeId: employee, fromObjectTypeId: '0-2', toObjectTypeId: '0-1', label: 'Employee' },
      });
      expect(details.labelId).toEqual(expect.any(String));
      expect(details.createdAt).toEqual(expect.any(String));
      for (const key of [String(employee), 'manager', 'MANAGER', String(details.inverseName)]) {
        const response = await read(`/api/v1/association-labels/${key}`);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual(details);
      }
    });

    it('answers its history oldest first, with the actor and before/after texts, by either typeId or name', async () => {
      const page = await history(String(manager));
      expect(page.paging).toBeUndefined();
      expect(page.results).toEqual([
        expect.objectContaining({
          type: 'LabelCreated',
          actor: { userId: 'admin-7' },
          before: null,
          after: expect.objectContaining({ label: 'Manager', inverseLabel: 'Employee', name: 'manager' }),
        }),
        expect.objectContaining({
          type: 'LabelRenamed',
          actor: { userId: 'admin-7' },
          before: { label: 'Manager', inverseLabel: 'Employee' },
          after: { label: 'Boss', inverseLabel: 'Employee' },
        }),
      ]);
      expect(BigInt(page.results[0]!.position)).toBeLessThan(BigInt(page.results[1]!.position));
      expect(await history(String(employee))).toEqual(page);
      expect(await history('manager')).toEqual(page);
      expect(await history('manager', '?fromObjectType=contacts&toObjectType=companies')).toEqual(page);
    });

    it('pages with limit and after', async () => {
      const all = await history(String(manager));
      const first = await history(String(manager), '?limit=1');
      expect(first.results).toEqual([all.results[0]]);
      expect(first.paging).toEqual({ next: { after: all.results[0]!.position } });
      const second = await history(String(manager), `?limit=1&after=${first.paging!.next.after}`);
      expect(second.results).toEqual([all.results[1]]);
      expect(second.paging).toBeUndefined();
    });

    it('refuses a bad limit or after with 400', async () => {
      for (const query of ['?limit=0', '?limit=501', '?limit=x', '?after=-1', '?after=abc']) {
        const response = await read(`/api/v1/association-labels/${manager}/history${query}`);
        expectHubSpotError(response, 400, 'VALIDATION_ERROR');
      }
    });
  });

  describe('HubSpot-defined types', () => {
    it('answers Primary by typeId and by its name', async () => {
      const response = await read('/api/v1/association-labels/contact_to_company');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        category: 'HUBSPOT_DEFINED',
        typeId: 1,
        inverseTypeId: 2,
        label: 'Primary',
        name: 'contact_to_company',
        inverseName: 'company_to_contact',
      });
      expect((await read('/api/v1/association-labels/2')).json()).toEqual(response.json());
      const primary = await history('1');
      expect(primary.results[0]).toMatchObject({ type: 'LabelCreated', after: { typeId: 1, label: 'Primary' } });
      expect(await history('contact_to_company')).toEqual(primary);
    });

    it('answers an unlabeled type with a null label and no history', async () => {
      const response = await read('/api/v1/association-labels/279');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        labelId: null,
        category: 'HUBSPOT_DEFINED',
        shape: null,
        label: null,
        name: 'contact_to_company_unlabeled',
        typeId: 279,
        inverseTypeId: 280,
        createdAt: null,
      });
      expect(await history('279')).toEqual({ results: [] });
    });

    it('answers 404 for an unknown typeId or name', async () => {
      expectHubSpotError(await read('/api/v1/association-labels/999999'), 404, 'OBJECT_NOT_FOUND');
      expectHubSpotError(await read('/api/v1/association-labels/no_such_name/history'), 404, 'OBJECT_NOT_FOUND');
    });
  });

  describe('when a name is used for two pairs', () => {
    it('answers 400 naming the candidates, and one label once narrowed', async () => {
      await write('POST', '/crm/v4/associations/deals/companies/labels', {
        name: 'manager',
        label: 'Deal manager',
        inverseLabel: 'Managed deal',
      });
      const body = expectHubSpotError(await read('/api/v1/association-labels/manager'), 400, 'VALIDATION_ERROR');
      expect(body.message).toContain(String(manager));
      expect(body.message).toMatch(/fromObjectType/);
      expect(body.context).toMatchObject({ code: ['LABEL_NAME_AMBIGUOUS'] });
      const narrowed = await read('/api/v1/association-labels/manager?fromObjectType=deals&toObjectType=0-2');
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json()).toMatchObject({ fromObjectTypeId: '0-3', label: 'Deal manager' });
      const contacts = await read('/api/v1/association-labels/manager?fromObjectType=contact');
      expect(contacts.json()).toMatchObject({ typeId: manager });
    });
  });

  describe('roles and accounts', () => {
    it('admits users and auditors, refuses consumers', async () => {
      for (const role of ['user', 'auditor']) {
        const token = await signToken({ accountId: ACCOUNT, roles: [role] });
        expect((await read(`/api/v1/association-labels/${manager}/history`, token)).statusCode).toBe(200);
      }
      const consumer = await signToken({ accountId: ACCOUNT, roles: ['consumer'] });
      expectHubSpotError(await read(`/api/v1/association-labels/${manager}`, consumer), 403, 'MISSING_SCOPES');
      expectHubSpotError(await read(`/api/v1/association-labels/${manager}/history`, consumer), 403, 'MISSING_SCOPES');
    });

    it('never shows another account its labels', async () => {
      const other = await signToken({ accountId: 'hist_other', roles: ['super_admin'] });
      expectHubSpotError(await read(`/api/v1/association-labels/${manager}`, other), 404, 'OBJECT_NOT_FOUND');
      expectHubSpotError(await read(`/api/v1/association-labels/${manager}/history`, other), 404, 'OBJECT_NOT_FOUND');
    });
  });

  describe('when the label was deleted', () => {
    it('keeps its history, ending with the retirement and the deletion', async () => {
      const deleted = await write('DELETE', `/crm/v4/associations/contacts/companies/labels/${manager}`);
      expect(deleted.statusCode).toBe(204);
      const page = await history(String(employee));
      expect(page.results.map((e) => e.type)).toEqual([
        'LabelCreated',
        'LabelRenamed',
        'LabelRetiring',
        'LabelDeleted',
      ]);
      expect(page.results.slice(2)).toEqual([
        expect.objectContaining({ before: { status: 'Active' }, after: { status: 'Retiring' } }),
        expect.objectContaining({ actor: { userId: 'admin-7' }, after: { status: 'Deleted' } }),
      ]);
      expect(await history(String(manager))).toEqual(page);
      const details = await read(`/api/v1/association-labels/${manager}`);
      expect(expectHubSpotError(details, 404, 'OBJECT_NOT_FOUND').message).toMatch(/deleted/);
    });
  });
});
