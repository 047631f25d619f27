import type { Client } from '@hubspot/api-client';
import type { ObjectSchemaEgg } from '@hubspot/api-client/lib/codegen/crm/schemas/models/ObjectSchemaEgg';
import { ObjectTypePropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/schemas/models/ObjectTypePropertyCreate';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

const carSchema = (overrides: Partial<ObjectSchemaEgg> = {}): ObjectSchemaEgg => ({
  name: 'car',
  labels: { singular: 'Car', plural: 'Cars' },
  primaryDisplayProperty: 'model',
  secondaryDisplayProperties: ['make'],
  requiredProperties: ['model'],
  searchableProperties: ['model', 'make'],
  properties: [
    { name: 'model', label: 'Model', type: ObjectTypePropertyCreateTypeEnum.String, fieldType: 'text' },
    { name: 'make', label: 'Make', type: ObjectTypePropertyCreateTypeEnum.String, fieldType: 'text' },
    {
      name: 'body',
      label: 'Body',
      type: ObjectTypePropertyCreateTypeEnum.Enumeration,
      fieldType: 'select',
      options: [
        { label: 'Sedan', value: 'sedan', displayOrder: 0, hidden: false },
        { label: 'Estate', value: 'estate', displayOrder: 1, hidden: false },
      ],
    },
  ],
  associatedObjects: ['contacts', '0-2'],
  ...overrides,
});

describe('custom object schemas through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  const schemasOf = (client: Client) => client.crm.schemas.coreApi;

  it('creates a schema (201) with 2-<n> ids, reads it by id and by fully-qualified name, lists it', async () => {
    const client = await sdk.client({ accountId: '9001' });
    const created = await schemasOf(client).create(carSchema());
    expect(created).toMatchObject({
      id: '1',
      objectTypeId: '2-1',
      name: 'car',
      fullyQualifiedName: 'p9001_car',
      labels: { singular: 'Car', plural: 'Cars' },
      primaryDisplayProperty: 'model',
      secondaryDisplayProperties: ['make'],
      requiredProperties: ['model'],
      searchableProperties: ['model', 'make'],
      archived: false,
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.properties.map((p) => p.name)).toEqual(['model', 'make', 'body']);
    expect(created.properties[2]).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'car_information',
      options: [
        { label: 'Sedan', value: 'sedan', displayOrder: 0, hidden: false },
        { label: 'Estate', value: 'estate', displayOrder: 1, hidden: false },
      ],
    });
    expect(created.associations.map((a) => [a.fromObjectTypeId, a.toObjectTypeId])).toEqual([
      ['2-1', '0-1'],
      ['2-1', '0-2'],
    ]);
    // An association's id is the pair's unlabeled typeId, as the labels API lists it.
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const unlabeled = (await defs.getAll('2-1', 'contacts')).results.find((t) => t.label === null);
    expect(created.associations[0]!.id).toBe(String(unlabeled!.typeId));

    const second = await schemasOf(client).create(
      carSchema({ name: 'boat', labels: { singular: 'Boat', plural: 'Boats' }, associatedObjects: ['p9001_car'] }),
    );
    expect(second.objectTypeId).toBe('2-2');
    expect(second.associations).toEqual([expect.objectContaining({ fromObjectTypeId: '2-2', toObjectTypeId: '2-1' })]);

    const byId = await schemasOf(client).getById('2-1');
    expect(byId).toEqual(created);
    expect(await schemasOf(client).getById('p9001_car')).toEqual(created);
    expect(await schemasOf(client).getById('P9001_CAR')).toEqual(created);
    const all = await schemasOf(client).getAll();
    expect(all.results.map((s) => s.objectTypeId)).toEqual(['2-1', '2-2']);
  });

  it('updates labels and display properties (200), keeping the name and properties', async () => {
    const client = await sdk.client({ accountId: '9002' });
    await schemasOf(client).create(carSchema({ description: 'Cars our customers drive' }));
    const updated = await schemasOf(client).update('p9002_car', {
      labels: { singular: 'Vehicle' },
      primaryDisplayProperty: 'make',
      clearDescription: true,
    });
    expect(updated).toMatchObject({
      objectTypeId: '2-1',
      name: 'car',
      labels: { singular: 'Vehicle', plural: 'Cars' },
      primaryDisplayProperty: 'make',
      portalId: 9002,
    });
    expect(updated.description).toBeUndefined();
    const read = await schemasOf(client).getById('2-1');
    expect(read).toMatchObject({ labels: { singular: 'Vehicle', plural: 'Cars' }, primaryDisplayProperty: 'make' });
    expect(read.properties).toHaveLength(3);
    expect(read.updatedAt!.getTime()).toBeGreaterThanOrEqual(read.createdAt!.getTime());

    // Nulls leave fields as they are.
    const nulls = { labels: null, description: null, requiredProperties: null, primaryDisplayProperty: null };
    expect((await schemasOf(client).update('2-1', nulls as never)).labels).toEqual(read.labels);

    const bad = await sdkError(schemasOf(client).update('2-1', { requiredProperties: ['colour'] }));
    expect(bad.code).toBe(400);
    expect(bad.body.context?.code).toEqual(['UNKNOWN_PROPERTY']);
  });

  it('archives a schema (204); it is then gone, and its 2-<n> is not reused', async () => {
    const client = await sdk.client({ accountId: '9003' });
    await schemasOf(client).create(carSchema());
    await expect(schemasOf(client).archive('2-1')).resolves.toBeUndefined();
    expect((await sdkError(schemasOf(client).getById('2-1'))).code).toBe(404);
    expect((await schemasOf(client).getAll()).results).toEqual([]);
    expect((await sdkError(schemasOf(client).archive('2-1'))).code).toBe(404);
    const again = await schemasOf(client).create(carSchema());
    expect(again.objectTypeId).toBe('2-2');
  });

  it('answers 404 for an unknown custom object and 400 for a built-in type', async () => {
    const client = await sdk.client({ accountId: '9004' });
    for (const objectType of ['2-77', 'p9004_nothing']) {
      const { code, body } = await sdkError(schemasOf(client).getById(objectType));
      expect(code).toBe(404);
      expect(body.category).toBe('OBJECT_NOT_FOUND');
      expect((await sdkError(schemasOf(client).update(objectType, { labels: { singular: 'X' } }))).code).toBe(404);
    }
    const builtIn = await sdkError(schemasOf(client).getById('contacts'));
    expect(builtIn.code).toBe(400);
    expect(builtIn.body.message).toContain('not a custom object');
  });

  it('refuses bad schemas with 400 VALIDATION_ERROR, writing nothing', async () => {
    const client = await sdk.client({ accountId: '9005' });
    const cases: [Partial<ObjectSchemaEgg>, string][] = [
      [{ name: 'my-car' }, 'INVALID_OBJECT_NAME'],
      [{ name: '1car' }, 'INVALID_OBJECT_NAME'],
      [{ primaryDisplayProperty: 'colour' }, 'UNKNOWN_PROPERTY'],
      [{ searchableProperties: ['colour'] }, 'UNKNOWN_PROPERTY'],
      [{ associatedObjects: ['spaceships'] }, 'UNKNOWN_OBJECT_TYPE'],
      [{ associatedObjects: ['appointments'] }, 'UNKNOWN_OBJECT_TYPE'],
    ];
    for (const [overrides, code] of cases) {
      const error = await sdkError(schemasOf(client).create(carSchema(overrides)));
      expect([error.code, error.body.category, error.body.context?.code]).toEqual([400, 'VALIDATION_ERROR', [code]]);
    }
    const invalid = await sdkError(schemasOf(client).create({ ...carSchema(), properties: [] }));
    expect([invalid.code, invalid.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    const noLabels = await sdkError(schemasOf(client).create({ ...carSchema(), labels: undefined as never }));
    expect(noLabels.code).toBe(400);
    expect((await sdkError(schemasOf(client).create(carSchema({ name: 'contacts' })))).code).toBe(409);
    expect((await schemasOf(client).getAll()).results).toEqual([]);
  });

  it('lets only super admins change schemas; users and auditors read them', async () => {
    const admin = await sdk.client({ accountId: '9006' });
    await schemasOf(admin).create(carSchema());
    const user = await sdk.client({ accountId: '9006', roles: ['user'], userId: 'u-1' });
    const denied = await sdkError(schemasOf(user).create(carSchema({ name: 'boat' })));
    expect([denied.code, denied.body.category]).toEqual([403, 'MISSING_SCOPES']);
    expect((await sdkError(schemasOf(user).update('2-1', { labels: { singular: 'X' } }))).code).toBe(403);
    expect((await sdkError(schemasOf(user).archive('2-1'))).code).toBe(403);
    expect((await schemasOf(user).getById('2-1')).name).toBe('car');
    const auditor = await sdk.client({ accountId: '9006', roles: ['auditor'], userId: 'a-1' });
    expect((await schemasOf(auditor).getAll()).results).toHaveLength(1);
    const consumer = await sdk.client({ accountId: '9006', roles: ['consumer'], userId: 'c-1' });
    expect((await sdkError(schemasOf(consumer).getAll())).code).toBe(403);
  });

  it('keeps accounts apart', async () => {
    const mine = await sdk.client({ accountId: '9007' });
    await schemasOf(mine).create(carSchema());
    const theirs = await sdk.client({ accountId: '9008' });
    expect((await schemasOf(theirs).getAll()).results).toEqual([]);
    expect((await sdkError(schemasOf(theirs).getById('2-1'))).code).toBe(404);
    expect((await sdkError(schemasOf(theirs).getById('p9007_car'))).code).toBe(404);
    expect((await sdkError(schemasOf(theirs).archive('p9007_car'))).code).toBe(404);
    // Their own first custom object is their 2-1 too.
    expect((await schemasOf(theirs).create(carSchema({ name: 'boat' }))).objectTypeId).toBe('2-1');
    expect((await schemasOf(mine).getById('2-1')).name).toBe('car');
  });

  it('labels a custom object pair by 2-<n> and by fully-qualified name (scenario 23), and guards its deletion', async () => {
    const client = await sdk.client({ accountId: '9009' });
    await schemasOf(client).create(carSchema());
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const owner = await defs.create('2-1', 'contacts', { label: 'Owner', inverseLabel: 'Owns', name: 'car_owner' });
    const driver = await defs.create('p9009_car', 'contacts', { label: 'Driver', name: 'car_driver' });
    for (const car of ['2-1', 'p9009_car', 'P9009_CAR']) {
      const forward = (await defs.getAll(car, 'contacts')).results.filter((r) => r.category === 'USER_DEFINED');
      expect(forward.map((r) => r.label).sort()).toEqual(['Driver', 'Owner']);
      const inverse = (await defs.getAll('contacts', car)).results.filter((r) => r.category === 'USER_DEFINED');
      expect(inverse.map((r) => r.label).sort()).toEqual(['Driver', 'Owns']);
    }
    const ownsTypeId = owner.results.find((r) => r.label === 'Owns')!.typeId;
    expect((await defs.getAll('contacts', 'p9009_car')).results).toContainEqual(
      expect.objectContaining({ category: 'USER_DEFINED', typeId: ownsTypeId, label: 'Owns' }),
    );

    const refused = await sdkError(schemasOf(client).archive('2-1'));
    expect([refused.code, refused.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(refused.body.message).toContain('2 custom association labels');
    expect(refused.body.context?.labelsInUse).toEqual(['2']);
    expect((await schemasOf(client).getById('2-1')).name).toBe('car');

    const ownerTypeId = owner.results.find((r) => r.label === 'Owner')!.typeId;
    await defs.remove('2-1', 'contacts', ownerTypeId);
    await defs.remove('p9009_car', 'contacts', driver.results[0]!.typeId);
    await expect(schemasOf(client).archive('p9009_car')).resolves.toBeUndefined();
    expect((await sdkError(defs.getAll('2-1', 'contacts'))).code).toBe(400);
  });
});

describe('object type activation (native API)', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  // No body: the SDK's apiRequest still sends `Content-Type: application/json`, which an action route must accept.
  const activate = (client: Client, objectType: string) =>
    client.apiRequest({ method: 'POST', path: `/api/v1/object-types/${objectType}/activate` });

  it('makes appointments associable once activated (idempotently)', async () => {
    const client = await sdk.client({ accountId: '9101' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const before = await sdkError(defs.getAll('contacts', 'appointments'));
    expect(before.code).toBe(400);
    expect(before.body.message).toContain('not activated');

    const first = await activate(client, '0-421');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-event-position')).toMatch(/^[0-9]+$/);
    expect(await first.json()).toEqual({ objectTypeId: '0-421', activated: true });
    const again = await activate(client, 'appointments');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ objectTypeId: '0-421', activated: true });

    const { results } = await defs.getAll('contacts', 'appointments');
    expect(results).toEqual([expect.objectContaining({ category: 'HUBSPOT_DEFINED', label: null })]);
    expect((await defs.getAll('0-421', '0-1')).results).toHaveLength(1);

    const listed = await client.apiRequest({ method: 'GET', path: '/api/v1/object-types' });
    const body = (await listed.json()) as { results: { objectTypeId: string; kind: string }[] };
    expect(body.results.map((t) => t.objectTypeId)).toEqual(['0-1', '0-2', '0-3', '0-5', '0-421']);
    expect(body.results[4]).toEqual({
      objectTypeId: '0-421',
      kind: 'ACTIVATABLE',
      singularName: 'appointment',
      pluralName: 'appointments',
    });
  });

  it('lists custom objects among the available types, and refuses what cannot be activated', async () => {
    const client = await sdk.client({ accountId: '9102' });
    await client.crm.schemas.coreApi.create(carSchema());
    const listed = await client.apiRequest({ method: 'GET', path: '/api/v1/object-types' });
    const { results } = (await listed.json()) as { results: Record<string, string>[] };
    expect(results.at(-1)).toEqual({
      objectTypeId: '2-1',
      kind: 'CUSTOM',
      name: 'car',
      fullyQualifiedName: 'p9102_car',
    });
    for (const objectType of ['0-1', '2-1', 'spaceships']) {
      const response = await activate(client, objectType);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('lets only super admins activate; users, auditors read the list; accounts stay apart', async () => {
    const user = await sdk.client({ accountId: '9103', roles: ['user'], userId: 'u-1' });
    expect((await activate(user, '0-420')).status).toBe(403);
    const admin = await sdk.client({ accountId: '9103' });
    expect((await activate(admin, '0-420')).status).toBe(200);
    for (const who of [user, await sdk.client({ accountId: '9103', roles: ['auditor'], userId: 'a-1' })]) {
      const listed = await who.apiRequest({ method: 'GET', path: '/api/v1/object-types' });
      expect(listed.status).toBe(200);
      const { results } = (await listed.json()) as { results: { objectTypeId: string }[] };
      expect(results.map((t) => t.objectTypeId)).toContain('0-420');
    }
    const other = await sdk.client({ accountId: '9104', roles: ['user'] });
    const { code } = await sdkError(other.crm.associations.v4.schema.definitionsApi.getAll('contacts', 'listings'));
    expect(code).toBe(400);
  });
});

describe('custom object creation retried with the same Idempotency-Key', () => {
  it('answers the first result again and defines nothing new; without the key the name is taken', async () => {
    const sdk = await startSdkApp();
    try {
      const token = await sdk.token({ accountId: 'idem9' });
      const create = (key?: string) =>
        fetch(`${sdk.basePath}/crm/v3/schemas`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: JSON.stringify(carSchema()),
        });
      const first = await create('car-1');
      const again = await create('car-1');
      expect([first.status, again.status]).toEqual([201, 201]);
      const [a, b] = [
        (await first.json()) as { objectTypeId: string },
        (await again.json()) as { objectTypeId: string },
      ];
      expect(b.objectTypeId).toBe(a.objectTypeId);
      expect(again.headers.get('x-event-position')).toBe(first.headers.get('x-event-position'));
      expect((await create()).status).toBe(409);
      const client = await sdk.client({ accountId: 'idem9' });
      expect((await client.crm.schemas.coreApi.getAll()).results).toHaveLength(1);
    } finally {
      await sdk.close();
    }
  });
});
