import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

describe('association labels through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  it('lists the HubSpot-defined types of a fresh account (scenario 1, 2)', async () => {
    const client = await sdk.client({ accountId: 'fresh1', roles: ['user'] });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const { results } = await defs.getAll('contacts', 'companies');
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }),
        expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }),
      ]),
    );
    expect(results.filter((r) => r.category === 'USER_DEFINED')).toEqual([]);
    expect((await defs.getAll('contact', 'company')).results).toEqual(results);
    expect((await defs.getAll('0-1', '0-2')).results).toEqual(results);
  });

  it('creates a paired label, answering 200 with both directions (scenario 3)', async () => {
    const client = await sdk.client({ accountId: 'a3' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const created = await defs.create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'manager_employee',
    });
    expect(created.results).toHaveLength(2);
    const manager = created.results.find((r) => r.label === 'Manager')!;
    const employee = created.results.find((r) => r.label === 'Employee')!;
    expect(manager.typeId).toBeGreaterThanOrEqual(1000);
    expect(employee.typeId).not.toBe(manager.typeId);
    const forward = await defs.getAll('contacts', 'companies');
    expect(forward.results).toContainEqual(expect.objectContaining({ typeId: manager.typeId, label: 'Manager' }));
    const inverse = await defs.getAll('companies', 'contacts');
    expect(inverse.results).toContainEqual(expect.objectContaining({ typeId: employee.typeId, label: 'Employee' }));
  });

  it('refuses a bad internal name with 400 VALIDATION_ERROR (scenario 5)', async () => {
    const client = await sdk.client({ accountId: 'a5' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    for (const name of ['billing-contact', '1billing']) {
      const { code, body } = await sdkError(defs.create('deals', 'contacts', { label: 'Billing contact', name }));
      expect(code).toBe(400);
      expect(body.category).toBe('VALIDATION_ERROR');
    }
  });

  it('a single cross-object label has one typeId per direction with the same text (scenario 4)', async () => {
    const defs = (await sdk.client({ accountId: 'a4' })).crm.associations.v4.schema.definitionsApi;
    const { results } = await defs.create('deals', 'contacts', { label: 'Billing contact', name: 'billing_contact' });
    expect(results.map((r) => r.label)).toEqual(['Billing contact', 'Billing contact']);
    const [forward, inverse] = results.map((r) => r.typeId);
    expect((await defs.getAll('deals', 'contacts')).results).toContainEqual(
      expect.objectContaining({ category: 'USER_DEFINED', typeId: forward, label: 'Billing contact' }),
    );
    expect((await defs.getAll('contacts', 'deals')).results).toContainEqual(
      expect.objectContaining({ category: 'USER_DEFINED', typeId: inverse, label: 'Billing contact' }),
    );
  });

  it('a same-object single label is one typeId, its own inverse; a same-object paired label lists both', async () => {
    const defs = (await sdk.client({ accountId: 'same1' })).crm.associations.v4.schema.definitionsApi;
    const friend = await defs.create('contacts', 'contacts', { label: 'Friend', name: 'friend' });
    expect(friend.results).toHaveLength(1);
    const parent = await defs.create('contacts', 'contacts', {
      label: 'Parent',
      inverseLabel: 'Child',
      name: 'parent',
    });
    expect(parent.results).toHaveLength(2);
    const listed = (await defs.getAll('contacts', 'contacts')).results.filter((r) => r.category === 'USER_DEFINED');
    expect(listed.map((r) => r.label)).toEqual(['Friend', 'Parent', 'Child']);
    expect((await defs.getAll('contacts', 'contacts')).results).toContainEqual(
      expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 449, label: null }),
    );
  });

  it('caps custom labels at 50 per pair, counting a paired label once and both directions as one pair (scenario 6)', async () => {
    const defs = (await sdk.client({ accountId: 'a6' })).crm.associations.v4.schema.definitionsApi;
    await defs.create('contacts', 'companies', { label: 'Boss', inverseLabel: 'Staff', name: 'boss' });
    for (let i = 1; i < 50; i++) {
      await defs.create(i % 2 ? 'contacts' : 'companies', i % 2 ? 'companies' : 'contacts', {
        label: `L${i}`,
        name: `l${i}`,
      });
    }
    const { code, body } = await sdkError(
      defs.create('companies', 'contacts', { label: 'One more', name: 'one_more' }),
    );
    expect(code).toBe(400);
    expect(body.category).toBe('VALIDATION_ERROR');
    expect(body.message).toContain('limit of 50 labels');
    // Other pairs are not affected.
    await expect(defs.create('contacts', 'deals', { label: 'Elsewhere', name: 'elsewhere' })).resolves.toBeDefined();
  });

  it('renames a label: 204, new text listed, typeId and name unchanged (scenario 7)', async () => {
    const client = await sdk.client({ accountId: 'a7' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const created = await defs.create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'mgr',
    });
    const [manager, employee] = created.results.map((r) => r.typeId);
    await expect(
      defs.update('contacts', 'companies', { associationTypeId: manager!, label: 'Boss' }),
    ).resolves.toBeUndefined();
    const forward = (await defs.getAll('contacts', 'companies')).results;
    expect(forward).toContainEqual(expect.objectContaining({ typeId: manager, label: 'Boss' }));
    // Through the inverse typeId, `label` is that direction's text.
    await defs.update('companies', 'contacts', { associationTypeId: employee!, label: 'Report' });
    const inverse = (await defs.getAll('companies', 'contacts')).results;
    expect(inverse).toContainEqual(expect.objectContaining({ typeId: employee, label: 'Report' }));
    expect((await defs.getAll('contacts', 'companies')).results).toContainEqual(
      expect.objectContaining({ typeId: manager, label: 'Boss' }),
    );
    const v3 = await client.crm.associations.schema.typesApi.getAll('contacts', 'companies');
    expect(v3.results).toContainEqual(expect.objectContaining({ id: String(manager), name: 'mgr' }));
  });

  it('refuses to rename or delete HubSpot-defined types with 400 (scenario 13)', async () => {
    const defs = (await sdk.client({ accountId: 'a13' })).crm.associations.v4.schema.definitionsApi;
    for (const typeId of [1, 279]) {
      const removed = await sdkError(defs.remove('contacts', 'companies', typeId));
      expect(removed.code).toBe(400);
      expect(removed.body.category).toBe('VALIDATION_ERROR');
      const renamed = await sdkError(defs.update('contacts', 'companies', { associationTypeId: typeId, label: 'X' }));
      expect(renamed.code).toBe(400);
    }
    expect((await defs.getAll('contacts', 'companies')).results).toContainEqual(
      expect.objectContaining({ typeId: 1, label: 'Primary' }),
    );
  });

  it('deletes an unused custom label: 204, both directions gone; the name is free again', async () => {
    const defs = (await sdk.client({ accountId: 'del1' })).crm.associations.v4.schema.definitionsApi;
    const created = await defs.create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'mgr',
    });
    const [manager, employee] = created.results.map((r) => r.typeId);
    await expect(defs.remove('companies', 'contacts', employee!)).resolves.toBeUndefined();
    expect((await defs.getAll('contacts', 'companies')).results.map((r) => r.typeId)).not.toContain(manager);
    expect((await defs.getAll('companies', 'contacts')).results.map((r) => r.typeId)).not.toContain(employee);
    const again = await sdkError(defs.remove('contacts', 'companies', manager!));
    expect(again.code).toBe(404);
    const recreated = await defs.create('contacts', 'companies', { label: 'Manager', name: 'mgr' });
    // TypeIds are never reused.
    expect(Math.min(...recreated.results.map((r) => r.typeId))).toBeGreaterThan(Math.max(manager!, employee!));
  });

  it('answers every refusal in HubSpot error shape, JSON content type (unknown type, other pair, role)', async () => {
    const admin = (await sdk.client({ accountId: 'err1' })).crm.associations.v4.schema.definitionsApi;
    const unknown = await sdkError(admin.getAll('contacts', 'spaceships'));
    expect(unknown).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(unknown.body.message).toContain('spaceships');
    const created = await admin.create('contacts', 'companies', { label: 'Manager', name: 'mgr' });
    const otherPair = await sdkError(admin.remove('contacts', 'deals', created.results[0]!.typeId));
    expect(otherPair.code).toBe(404);
    const user = (await sdk.client({ accountId: 'err1', roles: ['user'] })).crm.associations.v4.schema.definitionsApi;
    const forbidden = await sdkError(user.create('contacts', 'companies', { label: 'X', name: 'x' }));
    expect(forbidden).toMatchObject({ code: 403, body: { category: 'MISSING_SCOPES' } });
    expect((await user.getAll('contacts', 'companies')).results).toContainEqual(
      expect.objectContaining({ label: 'Manager' }),
    );
    const consumer = (await sdk.client({ accountId: 'err1', roles: ['consumer'] })).crm.associations.v4.schema
      .definitionsApi;
    expect((await sdkError(consumer.getAll('contacts', 'companies'))).code).toBe(403);
  });

  it('keeps accounts apart', async () => {
    const mine = (await sdk.client({ accountId: 'iso1' })).crm.associations.v4.schema.definitionsApi;
    const theirs = (await sdk.client({ accountId: 'iso2' })).crm.associations.v4.schema.definitionsApi;
    const { results } = await mine.create('contacts', 'companies', { label: 'Secret', name: 'secret' });
    expect((await theirs.getAll('contacts', 'companies')).results.map((r) => r.label)).not.toContain('Secret');
    expect((await sdkError(theirs.remove('contacts', 'companies', results[0]!.typeId))).code).toBe(404);
    await expect(theirs.create('contacts', 'companies', { label: 'Secret', name: 'secret' })).resolves.toBeDefined();
  });

  it('warns about label texts with ";" in the response, and accepts them', async () => {
    const token = await sdk.token({ accountId: 'warn1' });
    const response = await fetch(`${sdk.basePath}/crm/associations/v4/contacts/companies/labels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Owner; billing', name: 'owner_billing' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: unknown[]; warnings: string[] };
    expect(body.warnings).toEqual([expect.stringContaining('";" separates multiple labels in imports')]);
  });

  it('a retried creation with the same Idempotency-Key creates nothing new', async () => {
    const token = await sdk.token({ accountId: 'idem1' });
    const send = () =>
      fetch(`${sdk.basePath}/crm/v4/associations/contacts/companies/labels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
        body: JSON.stringify({ label: 'Advisor', name: 'advisor' }),
      });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('x-event-position')).toBe(first.headers.get('x-event-position'));
  });
});
