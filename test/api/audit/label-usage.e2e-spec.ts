import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface Usage {
  typeId: number;
  associations: { total: number; byObjectType: Record<string, number> };
  tools: { lists: string[]; workflows: string[]; reports: string[] };
}

describe('where-used: GET /api/v1/association-labels/{typeId}/usage', () => {
  let app: NestFastifyApplication;
  let admin: string;
  let manager: number;
  let employee: number;
  const contacts: string[] = [];
  const companies: string[] = [];

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, token = admin) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const usage = async (key: string | number, query = ''): Promise<Usage> => {
    const response = await call('GET', `/api/v1/association-labels/${key}/usage${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<Usage>();
  };
  const pair = (i: number) => `/crm/v4/objects/contacts/${contacts[i]}/associations/companies/${companies[i]}`;

  beforeAll(async () => {
    app = await bootTestApp();
    admin = await signToken({ sub: 'admin-1', accountId: 'usage1', roles: ['super_admin'] });
    const created = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Manager',
      inverseLabel: 'Employee',
    });
    const { results } = created.json<{ results: { typeId: number; label: string }[] }>();
    manager = results.find((r) => r.label === 'Manager')!.typeId;
    employee = results.find((r) => r.label === 'Employee')!.typeId;
    for (let i = 0; i < 3; i++) {
      contacts.push((await call('POST', '/crm/v3/objects/contacts', { properties: {} })).json<{ id: string }>().id);
      companies.push((await call('POST', '/crm/v3/objects/companies', { properties: {} })).json<{ id: string }>().id);
    }
  });
  afterAll(() => app.close());

  it('an unused label: zero, and the tools structure is there', async () => {
    expect(await usage(manager)).toEqual({
      typeId: manager,
      associations: { total: 0, byObjectType: { '0-1': 0, '0-2': 0 } },
      tools: { lists: [], workflows: [], reports: [] },
    });
  });

  describe('when associations carry the label', () => {
    beforeAll(async () => {
      for (const i of [0, 1]) {
        const put = await call('PUT', pair(i), [{ associationCategory: 'USER_DEFINED', associationTypeId: manager }]);
        expect(put.statusCode).toBe(201);
      }
      // Labeled from the company's side, through the inverse typeId: the same label.
      const inverse = `/crm/v4/objects/companies/${companies[2]}/associations/contacts/${contacts[2]}`;
      const put = await call('PUT', inverse, [{ associationCategory: 'USER_DEFINED', associationTypeId: employee }]);
      expect(put.statusCode).toBe(201);
    });

    it('counts every association once, whichever direction labeled it, read through either typeId or the name', async () => {
      expect((await usage(manager)).associations).toEqual({ total: 3, byObjectType: { '0-1': 3, '0-2': 3 } });
      expect(await usage(employee)).toMatchObject({ typeId: employee, associations: { total: 3 } });
      expect(await usage('manager', '?fromObjectType=contacts&toObjectType=companies')).toMatchObject({
        typeId: manager,
        associations: { total: 3 },
      });
    });

    it("follows removals; an unlabeled type counts its pair's associations", async () => {
      expect((await call('DELETE', pair(1))).statusCode).toBe(204);
      expect((await usage(manager)).associations.total).toBe(2);
      // The unlabeled contact → company type (HubSpot's 279) counts every associated pair.
      expect((await usage(279)).associations.total).toBe(2);
    });

    it('shows the usage over time per day (both directions), its last total the current count', async () => {
      const response = await call('GET', `/api/v1/association-labels/${employee}/usage/history`);
      expect(response.statusCode).toBe(200);
      const today = new Date().toISOString().slice(0, 10);
      const current = (await usage(manager)).associations.total;
      // Three labeled, one removed: all today (UTC), through either typeId.
      expect(response.json()).toEqual({
        typeId: employee,
        results: [{ date: today, added: 3, removed: 1, total: current }],
      });
      const before = await call('GET', `/api/v1/association-labels/${manager}/usage/history?to=2020-01-01`);
      expect(before.json()).toEqual({ typeId: manager, results: [] });
      const since = await call(
        'GET',
        `/api/v1/association-labels/manager/usage/history?from=${today}T00:00:00Z&fromObjectType=contacts&toObjectType=companies`,
      );
      expect(since.json<{ results: unknown[] }>().results).toHaveLength(1);
      expectHubSpotError(
        await call('GET', `/api/v1/association-labels/${manager}/usage/history?from=yesterday`),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('a refused delete answers 400 VALIDATION_ERROR naming the label and the counts, context holding them', async () => {
      const response = await call('DELETE', `/crm/v4/associations/contacts/companies/labels/${manager}`);
      const body = expectHubSpotError(response, 400, 'VALIDATION_ERROR');
      expect(body.message).toBe(
        `Label "Manager" / "Employee" (manager, typeIds ${manager}/${employee}) is in use and was not deleted: ` +
          '2 associations, 0 lists, 0 workflows and 0 reports use it',
      );
      expect(body.context).toEqual({
        code: ['LABEL_IN_USE'],
        typeIds: [String(manager), String(employee)],
        label: ['Manager', 'Employee'],
        name: ['manager'],
        associations: ['2'],
        lists: [],
        workflows: [],
        reports: [],
      });
    });
  });

  it('404 for an unknown typeId or name, and for a deleted label', async () => {
    expectHubSpotError(await call('GET', '/api/v1/association-labels/98765/usage'), 404, 'OBJECT_NOT_FOUND');
    expectHubSpotError(await call('GET', '/api/v1/association-labels/no_such_name/usage'), 404, 'OBJECT_NOT_FOUND');
    const created = await call('POST', '/crm/v4/associations/contacts/deals/labels', { name: 'gone', label: 'Gone' });
    const gone = created.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
    expect((await call('DELETE', `/crm/v4/associations/contacts/deals/labels/${gone}`)).statusCode).toBe(204);
    expectHubSpotError(await call('GET', `/api/v1/association-labels/${gone}/usage`), 404, 'OBJECT_NOT_FOUND');
  });
});
