import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

type Role = 'super_admin' | 'user' | 'auditor' | 'consumer';
const ROLES: Role[] = ['super_admin', 'user', 'auditor', 'consumer'];

/**
 * Who may read what of the audit routes (issue 6 item 4, 5, 1), and that another account reads nothing of this one.
 * Each route × each role → the status it must answer.
 */
describe('audit routes: authorization matrix', () => {
  let app: NestFastifyApplication;
  let typeId: number;
  const ACCOUNT = 'authz_a';
  const OTHER = 'authz_b';

  const token = (role: Role, accountId = ACCOUNT) => signToken({ sub: `${role}-1`, accountId, roles: [role] });
  const get = async (url: string, role: Role, accountId = ACCOUNT, accept = 'application/json') =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token(role, accountId)}`, accept } });

  const routes = () => [
    {
      name: 'audit events (JSON)',
      url: '/api/v1/audit/events',
      accept: 'application/json',
      allowed: ['super_admin', 'auditor'],
    },
    {
      name: 'audit events (CSV)',
      url: '/api/v1/audit/events',
      accept: 'text/csv',
      allowed: ['super_admin', 'auditor'],
    },
    {
      name: 'label usage',
      url: `/api/v1/association-labels/${typeId}/usage`,
      accept: 'application/json',
      allowed: ['super_admin', 'user', 'auditor'],
    },
    {
      name: 'label history',
      url: `/api/v1/association-labels/${typeId}/history`,
      accept: 'application/json',
      allowed: ['super_admin', 'user', 'auditor'],
    },
  ];

  beforeAll(async () => {
    app = await bootTestApp();
    const admin = `Bearer ${await token('super_admin')}`;
    const created = await app.inject({
      method: 'POST',
      url: '/crm/v4/associations/contacts/companies/labels',
      headers: { authorization: admin },
      payload: { name: 'secret_label', label: 'Secret' },
    });
    typeId = created.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
    await app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts',
      headers: { authorization: admin },
      payload: { properties: { email: 'secret@a.example' } },
    });
  });
  afterAll(() => app.close());

  const cases = ['audit events (JSON)', 'audit events (CSV)', 'label usage', 'label history'].flatMap((name) =>
    ROLES.map((role) => [name, role] as const),
  );

  it.each(cases)('%s as %s', async (name, role) => {
    const route = routes().find((r) => r.name === name)!;
    const response = await get(route.url, role, ACCOUNT, route.accept);
    if (route.allowed.includes(role)) {
      expect(response.statusCode).toBe(200);
    } else {
      const body = expectHubSpotError(response, 403, 'MISSING_SCOPES');
      expect(response.body).not.toContain('Secret');
      expect(body.message).toEqual(expect.any(String));
    }
  });

  it('401 without a token on every audit route', async () => {
    for (const route of routes()) {
      const response = await app.inject({ method: 'GET', url: route.url, headers: { accept: route.accept } });
      expectHubSpotError(response, 401, 'INVALID_AUTHENTICATION');
    }
  });

  describe('another account, even with every role, sees nothing of this one', () => {
    it('audit events: its own log only (empty here), JSON and CSV', async () => {
      for (const role of ['super_admin', 'auditor'] as const) {
        const json = await get('/api/v1/audit/events', role, OTHER);
        expect(json.statusCode).toBe(200);
        expect(json.json()).toEqual({ results: [] });
        const csv = await get('/api/v1/audit/events', role, OTHER, 'text/csv');
        expect(csv.statusCode).toBe(200);
        expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(1);
        expect(csv.body).not.toContain('secret');
      }
    });

    it("audit events filtered on this account's record: nothing", async () => {
      const mine = await get('/api/v1/audit/events?objectType=contacts', 'auditor');
      const contact = mine.json<{ results: { data: { recordId?: string } }[] }>().results.find((e) => e.data.recordId)!;
      const theirs = await get(
        `/api/v1/audit/events?objectType=contacts&objectId=${contact.data.recordId}`,
        'auditor',
        OTHER,
      );
      expect(theirs.json()).toEqual({ results: [] });
    });

    it.each(['super_admin', 'user', 'auditor'] as const)(
      "label usage and history of this account's label as %s: 404",
      async (role) => {
        for (const path of ['usage', 'history']) {
          const response = await get(`/api/v1/association-labels/${typeId}/${path}`, role, OTHER);
          expectHubSpotError(response, 404, 'OBJECT_NOT_FOUND');
          expect(response.body).not.toContain('Secret');
        }
        const byName = await get('/api/v1/association-labels/secret_label/usage', role, OTHER);
        expectHubSpotError(byName, 404, 'OBJECT_NOT_FOUND');
      },
    );
  });
});
