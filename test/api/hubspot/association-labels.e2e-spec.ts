import type { Client } from '@hubspot/api-client';
import type { Role } from '../../../apps/api/src/auth/principal';
import { startSdkApp, type SdkApp } from '../support/sdk-app';

const contact = async (client: Client) => (await client.crm.contacts.basicApi.create({ properties: {} })).id;
const company = async (client: Client) => (await client.crm.companies.basicApi.create({ properties: {} })).id;
const user = (id: number) => ({ associationCategory: 'USER_DEFINED', associationTypeId: id });
const hubspot = (id: number) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: id });
const typeIds = async (client: Client, type: string, id: string, toType: string) =>
  (await client.crm.associations.v4.basicApi.getPage(type, id, toType)).results.map((r) => [
    String(r.toObjectId),
    r.associationTypes.map((t) => t.typeId),
  ]);

interface Reply {
  status: number;
  body: { labels?: string[]; message?: string; category?: string; context?: Record<string, string[]> };
  position: string | null;
}

/** The native add/remove-labels routes over plain HTTP (not HubSpot's API, so no SDK). */
describe('native add/remove labels of one pair (/api/v1/objects/…/labels)', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  function routes(accountId: string, roles: Role[] = ['user']) {
    const send = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
      const token = await sdk.token({ accountId, roles });
      const response = await fetch(`${sdk.basePath}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const position = response.headers.get('x-event-position');
      return { status: response.status, body: (await response.json()) as Reply['body'], position };
    };
    const labels = (from: string, fromId: string, to: string, toId: string) =>
      `/api/v1/objects/${from}/${fromId}/associations/${to}/${toId}/labels`;
    return {
      add: (fromId: string, toId: string, body: unknown, headers?: Record<string, string>) =>
        send(labels('contacts', fromId, 'companies', toId), body, headers),
      remove: (fromId: string, toId: string, body: unknown, headers?: Record<string, string>) =>
        send(`${labels('contacts', fromId, 'companies', toId)}/remove`, body, headers),
      send,
      labels,
    };
  }

  async function labelsOf(client: Client): Promise<{ manager: number; mentor: number }> {
    const definitions = client.crm.associations.v4.schema.definitionsApi;
    await definitions.create('contacts', 'companies', { label: 'Manager', inverseLabel: 'Employee', name: 'manager' });
    await definitions.create('contacts', 'companies', { label: 'Mentor', name: 'mentor' });
    // A single label has a typeId per direction, both with its text: take contacts → companies'.
    const types = (await definitions.getAll('contacts', 'companies')).results;
    return {
      manager: types.find((r) => r.label === 'Manager')!.typeId,
      mentor: types.find((r) => r.label === 'Mentor')!.typeId,
    };
  }

  it('adds labels without replacing the pair’s others (200, labels after), creating the pair if needed', async () => {
    const admin = await sdk.client({ accountId: 'natadd' });
    const { manager, mentor } = await labelsOf(admin);
    const [c1, k1] = [await contact(admin), await company(admin)];
    const api = routes('natadd');

    const first = await api.add(c1, k1, { types: [user(manager)] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      fromObjectTypeId: '0-1',
      fromObjectId: Number(c1),
      toObjectTypeId: '0-2',
      toObjectId: Number(k1),
      labels: ['Manager'],
    });
    expect(first.position).toMatch(/^\d+$/);

    const second = await api.add(c1, k1, { types: [user(mentor), hubspot(1)] });
    expect(second.status).toBe(200);
    expect([...second.body.labels!].sort()).toEqual(['Manager', 'Mentor', 'Primary']);
    expect(await typeIds(admin, 'contacts', c1, 'companies')).toEqual([
      [k1, [1, 279, manager, mentor].sort((a, b) => a - b)],
    ]);
    expect((await typeIds(admin, 'companies', k1, 'contacts'))[0]![1]).toEqual(expect.arrayContaining([2, 280]));
  });

  it('removes labels (200, labels after); removing the unlabeled type removes the association both ways', async () => {
    const admin = await sdk.client({ accountId: 'natremove' });
    const { manager, mentor } = await labelsOf(admin);
    const [c1, k1] = [await contact(admin), await company(admin)];
    const api = routes('natremove');
    await api.add(c1, k1, { types: [user(manager), user(mentor)] });

    const removed = await api.remove(c1, k1, { types: [user(manager)] });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      fromObjectTypeId: '0-1',
      fromObjectId: Number(c1),
      toObjectTypeId: '0-2',
      toObjectId: Number(k1),
      labels: ['Mentor'],
    });
    // Removing a label the pair does not carry changes nothing.
    expect((await api.remove(c1, k1, { types: [user(manager)] })).body.labels).toEqual(['Mentor']);

    const gone = await api.remove(c1, k1, { types: [hubspot(279)] });
    expect(gone.status).toBe(200);
    expect(gone.body.labels).toEqual([]);
    expect(await typeIds(admin, 'contacts', c1, 'companies')).toEqual([]);
    expect(await typeIds(admin, 'companies', k1, 'contacts')).toEqual([]);
  });

  it('refuses bad input with a HubSpot-shaped 4xx and writes nothing', async () => {
    const admin = await sdk.client({ accountId: 'natbad' });
    const { manager } = await labelsOf(admin);
    const [c1, k1, k2] = [await contact(admin), await company(admin), await company(admin)];
    const api = routes('natbad');
    await api.add(c1, k1, { types: [user(manager)] });
    await admin.crm.companies.basicApi.archive(k2);
    const before = await typeIds(admin, 'contacts', c1, 'companies');

    for (const call of [api.add, api.remove]) {
      const empty = await call(c1, k1, { types: [] });
      expect([empty.status, empty.body.category, empty.body.context?.code]).toEqual([
        400,
        'VALIDATION_ERROR',
        ['EMPTY_TYPES'],
      ]);
      const notObject = await call(c1, k1, [user(manager)]);
      expect(notObject.status).toBe(400);
      expect(notObject.body.message).toContain('{ "types": [AssociationSpec] }');
      expect((await call(c1, k1, { types: [{ associationTypeId: manager }] })).status).toBe(400);
      const unknownType = await call(c1, k1, { types: [user(987654)] });
      expect([unknownType.status, unknownType.body.context?.code]).toEqual([400, ['UNKNOWN_ASSOCIATION_TYPE']]);
      const wrongCategory = await call(c1, k1, { types: [hubspot(manager)] });
      expect(wrongCategory.status).toBe(400);
      const unknownRecord = await call(c1, '999999', { types: [user(manager)] });
      expect(unknownRecord.status).toBe(400);
      expect(unknownRecord.body.message).toBe('One or more associations are invalid');
      expect(unknownRecord.body.context?.INVALID_OBJECT_IDS).toEqual(['COMPANY=999999 is not valid']);
      const archived = await call(c1, k2, { types: [hubspot(279)] });
      expect(archived.body.context?.INVALID_OBJECT_IDS).toEqual([`COMPANY=${k2} is not valid`]);
    }
    const unknownObject = await api.send(api.labels('contacts', c1, 'widgets', k1), { types: [user(manager)] });
    expect([unknownObject.status, unknownObject.body.context?.code]).toEqual([400, ['UNKNOWN_OBJECT_TYPE']]);

    const auditor = routes('natbad', ['auditor']);
    expect((await auditor.add(c1, k1, { types: [user(manager)] })).status).toBe(403);
    expect((await auditor.remove(c1, k1, { types: [hubspot(279)] })).status).toBe(403);
    const anonymous = await fetch(`${sdk.basePath}${api.labels('contacts', c1, 'companies', k1)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ types: [hubspot(279)] }),
    });
    expect(anonymous.status).toBe(401);
    expect(await typeIds(admin, 'contacts', c1, 'companies')).toEqual(before);
  });

  it('a retried request with the same Idempotency-Key answers the same and writes nothing new', async () => {
    const admin = await sdk.client({ accountId: 'natidem' });
    const { manager } = await labelsOf(admin);
    const [c1, k1] = [await contact(admin), await company(admin)];
    const api = routes('natidem');
    const key = { 'idempotency-key': 'add-manager-1' };
    const first = await api.add(c1, k1, { types: [user(manager)] }, key);
    const second = await api.add(c1, k1, { types: [user(manager)] }, key);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect(second.position).toBe(first.position);
    const removeKey = { 'idempotency-key': 'remove-manager-1' };
    const removed = await api.remove(c1, k1, { types: [user(manager)] }, removeKey);
    const again = await api.remove(c1, k1, { types: [user(manager)] }, removeKey);
    expect([removed.body.labels, again.body.labels]).toEqual([[], []]);
    expect(again.position).toBe(removed.position);
    expect((await api.add(c1, k1, { types: [user(manager)] }, { 'idempotency-key': 'bad key!' })).status).toBe(400);
    expect(await typeIds(admin, 'contacts', c1, 'companies')).toEqual([[k1, [279]]]);
  });
});
