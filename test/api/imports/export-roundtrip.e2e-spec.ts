import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { parseCsv } from '../support/csv';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';
import { importClient, importDir } from './import-support';

/**
 * Issue 8 item 6: export → schema export/import (typeIds remapped, mapping reported) → import into a fresh account
 * → identical associations.
 */
describe('export and import across accounts', () => {
  let app: NestFastifyApplication;
  let store: EventStore;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    app = await bootTestApp({ env: { IMPORT_DIR: importDir(), IMPORT_BATCH_ROWS: '7' } });
    store = app.get<EventStore>(EVENT_STORE);
    for (const account of ['src', 'dst'])
      tokens[account] = await signToken({ sub: `admin-${account}`, accountId: account, roles: ['super_admin'] });
  });
  afterAll(() => app.close());

  const call = async (account: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[account]}` },
      payload: payload as Record<string, unknown>,
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      text: response.body,
      body: (response.headers['content-type'] ?? '').toString().startsWith('application/json')
        ? (JSON.parse(response.body) as Record<string, unknown>)
        : {},
    };
  };
  const importFile = async (account: string, importId: string, csv: string, fields: Record<string, string> = {}) => {
    const client = importClient(app, tokens[account]!);
    const response = await client.upload(
      { fromObjectType: 'contacts', toObjectType: 'companies', importId, ...fields },
      { name: `${importId}.csv`, content: csv },
    );
    expect(response.statusCode).toBe(202);
    return { status: await client.completed(importId), errors: await client.errors(importId) };
  };
  const exportRows = async (account: string) => {
    const response = await call(
      account,
      'GET',
      '/api/v1/exports/associations?fromObjectType=contacts&toObjectType=companies',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(response.text);
    expect(header).toEqual(['from_id', 'from_email', 'to_id', 'to_domain', 'labels']);
    return {
      csv: response.text,
      rows: rows
        .map(([, email, , domain, labels]) => [email, domain, labels])
        .sort((a, b) => a.join().localeCompare(b.join())),
    };
  };

  it('recreates labels, limits and associations in another account', async () => {
    const label = async (account: string, body: Record<string, string>) =>
      expect((await call(account, 'POST', '/crm/v4/associations/contacts/companies/labels', body)).status).toBe(200);
    // The target account already has a label, so its typeIds differ from the source's.
    await label('dst', { name: 'already_here', label: 'Already here' });
    await label('src', { name: 'decision_maker', label: 'Decision maker' });
    await label('src', { name: 'billing_finance', label: 'Billing; Finance' });
    await label('src', { name: 'manager', label: 'Manager', inverseLabel: 'Employee', inverseName: 'employee' });
    await label('src', { name: 'owner', label: 'Owner' });
    await label('src', { name: 'dm_twin', label: 'Decision Maker' }); // the same text as decision_maker, another case
    const types = (await call('src', 'GET', '/crm/v4/associations/contacts/companies/labels')).body.results as {
      typeId: number;
      label: string;
    }[];
    const owner = types.find((t) => t.label === 'Owner')!.typeId;
    const limits = await call(
      'src',
      'POST',
      '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create',
      {
        inputs: [
          { category: 'HUBSPOT_DEFINED', typeId: 279, maxToObjectIds: 4 },
          { category: 'USER_DEFINED', typeId: owner, maxToObjectIds: 2 },
        ],
      },
    );
    expect(limits.status).toBe(201);
    // A HubSpot-defined label's limit (Primary, seen from the company: typeId 2) travels too, under its own typeId.
    const primaryLimit = await call(
      'src',
      'POST',
      '/crm/v4/associations/definitions/configurations/companies/contacts/batch/create',
      { inputs: [{ category: 'HUBSPOT_DEFINED', typeId: 2, maxToObjectIds: 50 }] },
    );
    expect(primaryLimit.status).toBe(201);

    const rows = ['from_email,to_domain,labels'];
    for (let c = 0; c < 12; c++) {
      for (let k = 0; k < 3; k++) {
        const labels = [['decision_maker'], ['billing_finance', 'Manager'], [], ['Owner', 'Primary'], ['dm_twin']][
          (c + k) % 5
        ]!;
        rows.push(`c${c}@rt.example,k${(c + k) % 5}.rt.example,"${labels.join(';')}"`);
      }
    }
    const source = await importFile('src', 'rt-src', `${rows.join('\n')}\n`, {
      fromKey: 'email',
      toKey: 'domain',
      createMissing: 'true',
    });
    expect(source.errors.slice(1)).toEqual([]);
    expect(source.status.appliedRows).toBe(36);
    const exported = await exportRows('src');
    expect(exported.rows).toHaveLength(36);
    expect(exported.rows).toContainEqual(['c0@rt.example', 'k1.rt.example', 'billing_finance;Manager']);
    expect(exported.rows).toContainEqual(['c0@rt.example', 'k0.rt.example', 'decision_maker']);
    expect(exported.rows).toContainEqual(['c2@rt.example', 'k4.rt.example', 'dm_twin']);

    // Schema: labels by internal name, typeIds remapped, limits carried.
    const schema = await call('src', 'GET', '/api/v1/schema/export');
    expect(schema.status).toBe(200);
    const imported = await call('dst', 'POST', '/api/v1/schema/import', schema.body);
    expect(imported.status).toBe(200);
    const report = imported.body as {
      mapping: { name: string; sourceTypeId: number; targetTypeId: number; status: string }[];
      errors: unknown[];
      limits: unknown[];
    };
    expect(report.errors).toEqual([]);
    expect(report.mapping).toHaveLength(10);
    expect(report.mapping.every((m) => m.status === 'created')).toBe(true);
    expect(report.mapping.some((m) => m.sourceTypeId !== m.targetTypeId)).toBe(true);
    expect(report.limits).toHaveLength(3);
    expect(report.limits).toContainEqual({ fromObjectTypeId: '0-2', toObjectTypeId: '0-1', typeId: 2, limit: 50 });
    expect(schema.body.hubspotLabelLimits).toEqual([
      { fromObjectTypeId: '0-2', toObjectTypeId: '0-1', typeId: 2, limit: 50 },
    ]);
    const strip = (doc: Record<string, unknown>) =>
      JSON.stringify({
        ...doc,
        sourceAccountId: '',
        labels: (doc.labels as Record<string, unknown>[]).map(({ typeId: _t, inverseTypeId: _i, ...rest }) => rest),
      });
    const target = (await call('dst', 'GET', '/api/v1/schema/export')).body;
    const targetOwn = {
      ...target,
      labels: (target.labels as { name: string }[]).filter((l) => l.name !== 'already_here'),
    };
    expect(strip(targetOwn)).toBe(strip(schema.body));

    // Re-importing the schema changes nothing.
    const head = await store.headPosition();
    const again = await call('dst', 'POST', '/api/v1/schema/import', schema.body);
    expect((again.body as typeof report).mapping.every((m) => m.status === 'existing')).toBe(true);
    expect((again.body as typeof report).errors).toEqual([]);
    expect(await store.headPosition()).toBe(head);

    // The export imports into the fresh account as it is, by email and domain.
    const target2 = await importFile('dst', 'rt-dst', exported.csv, {
      fromKey: 'email',
      toKey: 'domain',
      createMissing: 'true',
    });
    expect(target2.errors.slice(1)).toEqual([]);
    expect((await exportRows('dst')).rows).toEqual(exported.rows);
  });

  it('refuses a body that is not a schema document, and non-admins', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/schema/import',
      headers: { authorization: `Bearer ${tokens.dst}` },
      payload: { labels: 'x' },
    });
    expectHubSpotError(bad, 400, 'VALIDATION_ERROR');
    const document = { format: 'association-labels-schema', version: 1, labels: [], pairLimits: [] };
    for (const hubspotLabelLimits of ['x', [{ fromObjectTypeId: '0-2', toObjectTypeId: '0-1', typeId: 2, limit: 0 }]]) {
      const head = await store.headPosition();
      const refusedLimits = await app.inject({
        method: 'POST',
        url: '/api/v1/schema/import',
        headers: { authorization: `Bearer ${tokens.dst}` },
        payload: { ...document, hubspotLabelLimits },
      });
      expectHubSpotError(refusedLimits, 400, 'VALIDATION_ERROR');
      expect(refusedLimits.json().message).toMatch(/hubspotLabelLimits/);
      expect(await store.headPosition()).toBe(head);
    }
    const user = await signToken({ sub: 'u', accountId: 'dst', roles: ['user'] });
    const refused = await app.inject({
      method: 'GET',
      url: '/api/v1/schema/export',
      headers: { authorization: `Bearer ${user}` },
    });
    expect(refused.statusCode).toBe(403);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/exports/associations?fromObjectType=contacts',
      headers: { authorization: `Bearer ${user}` },
    });
    expectHubSpotError(missing, 400, 'VALIDATION_ERROR');
  });
});
