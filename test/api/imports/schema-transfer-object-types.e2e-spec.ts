import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { bootTestApp, signToken } from '../support/test-app';

interface Report {
  objectTypes: { name: string; sourceObjectTypeId: string; targetObjectTypeId: string; status: string }[];
  mapping: {
    fromObjectTypeId: string;
    toObjectTypeId: string;
    name: string;
    sourceTypeId: number;
    targetTypeId: number;
    status: string;
  }[];
  limits: { typeId: number; limit: number }[];
  errors: unknown[];
}

/**
 * Issue 8 item 6, ADR 0008 §10: a schema import recreates the object types the document carries and the target
 * lacks — custom ones through the `/crm/v3/schemas` command (a new `2-<n>` of the target's own), activated built-in
 * ones through activation — then the labels and limits on them, remapped; the labels work there, and a re-run writes
 * nothing.
 */
describe('schema import of object types the target account lacks', () => {
  let app: NestFastifyApplication;
  let store: EventStore;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    app = await bootTestApp();
    store = app.get<EventStore>(EVENT_STORE);
    for (const account of ['otsrc', 'otdst'])
      tokens[account] = await signToken({ sub: `admin-${account}`, accountId: account, roles: ['super_admin'] });
  });
  afterAll(() => app.close());

  const call = async (account: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[account]}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
  };
  const defineObject = async (account: string, name: string) => {
    const created = await call(account, 'POST', '/crm/v3/schemas', {
      name,
      labels: { singular: name, plural: `${name}s` },
      primaryDisplayProperty: 'model',
      requiredProperties: ['model'],
      properties: [
        { name: 'model', label: 'Model', type: 'string', fieldType: 'text', hasUniqueValue: true },
        {
          name: 'fuel',
          label: 'Fuel',
          type: 'enumeration',
          fieldType: 'select',
          options: [{ label: 'Petrol', value: 'petrol' }],
        },
      ],
      associatedObjects: ['contacts'],
    });
    expect(created.status).toBe(201);
    return created.body.objectTypeId as string;
  };
  const labelTypeIds = async (account: string, from: string, to: string) =>
    (await call(account, 'GET', `/crm/v4/associations/${from}/${to}/labels`)).body.results as {
      typeId: number;
      label: string | null;
      category: string;
    }[];

  it('creates the custom and activated types, then their labels and limits; the labels work; a re-run writes nothing', async () => {
    // The target already has another custom object, so the source's car gets another 2-<n> there.
    await defineObject('otdst', 'boat');
    const sourceCar = await defineObject('otsrc', 'car');
    expect((await call('otsrc', 'POST', '/api/v1/object-types/0-420/activate')).status).toBe(200);
    const label = async (from: string, to: string, body: Record<string, string>) =>
      expect((await call('otsrc', 'POST', `/crm/v4/associations/${from}/${to}/labels`, body)).status).toBe(200);
    await label(sourceCar, 'contacts', {
      name: 'driver',
      label: 'Driver',
      inverseName: 'driven_car',
      inverseLabel: 'Driven car',
    });
    await label('contacts', '0-420', { name: 'tenant', label: 'Tenant' });
    const driver = (await labelTypeIds('otsrc', sourceCar, 'contacts')).find((t) => t.label === 'Driver')!.typeId;
    const limited = await call(
      'otsrc',
      'POST',
      `/crm/v4/associations/definitions/configurations/${sourceCar}/contacts/batch/create`,
      { inputs: [{ category: 'USER_DEFINED', typeId: driver, maxToObjectIds: 2 }] },
    );
    expect(limited.status).toBe(201);

    const exported = await call('otsrc', 'GET', '/api/v1/schema/export');
    expect(exported.status).toBe(200);
    expect(exported.body.activatedObjectTypes).toEqual(['0-420']);
    expect(exported.body.objectTypes).toEqual([
      expect.objectContaining({ objectTypeId: sourceCar, name: 'car', associatedObjects: ['0-1'] }),
    ]);

    const imported = await call('otdst', 'POST', '/api/v1/schema/import', exported.body);
    expect(imported.status).toBe(200);
    const report = imported.body as unknown as Report;
    expect(report.errors).toEqual([]);
    const car = report.objectTypes.find((t) => t.name === 'car')!;
    expect(car).toMatchObject({ sourceObjectTypeId: sourceCar, status: 'created' });
    expect(car.targetObjectTypeId).not.toBe(sourceCar);
    expect(report.objectTypes).toContainEqual({
      name: '0-420',
      sourceObjectTypeId: '0-420',
      targetObjectTypeId: '0-420',
      status: 'activated',
    });
    const targetCar = car.targetObjectTypeId;
    const forward = report.mapping.find((m) => m.name === 'driver')!;
    expect(forward).toMatchObject({
      fromObjectTypeId: targetCar,
      toObjectTypeId: '0-1',
      sourceTypeId: driver,
      status: 'created',
    });
    expect(report.mapping.find((m) => m.name === 'driven_car')).toMatchObject({
      fromObjectTypeId: '0-1',
      toObjectTypeId: targetCar,
    });
    expect(report.mapping.find((m) => m.name === 'tenant')).toMatchObject({ toObjectTypeId: '0-420' });
    expect(report.limits).toEqual([expect.objectContaining({ typeId: forward.targetTypeId, limit: 2 })]);

    // The target's schema: the car as defined in the source, under its own type id.
    const schema = await call('otdst', 'GET', `/crm/v3/schemas/${targetCar}`);
    expect(schema.status).toBe(200);
    expect(schema.body).toMatchObject({ name: 'car', objectTypeId: targetCar, requiredProperties: ['model'] });

    // The label is usable there: a car record and three contacts, the label's limit of 2 enforced.
    const carRecord = await call('otdst', 'POST', `/crm/v3/objects/${targetCar}`, { properties: { model: 'T' } });
    expect(carRecord.status).toBe(201);
    const contacts: string[] = [];
    for (const email of ['d1@ot.example', 'd2@ot.example', 'd3@ot.example']) {
      const created = await call('otdst', 'POST', '/crm/v3/objects/contacts', { properties: { email } });
      expect(created.status).toBe(201);
      contacts.push(created.body.id as string);
    }
    const labelAs = (contact: string) =>
      call(
        'otdst',
        'PUT',
        `/crm/v4/objects/${targetCar}/${String(carRecord.body.id)}/associations/contacts/${contact}`,
        [{ associationCategory: 'USER_DEFINED', associationTypeId: forward.targetTypeId }],
      );
    expect((await labelAs(contacts[0]!)).status).toBe(201);
    expect((await labelAs(contacts[1]!)).status).toBe(201);
    expect((await labelAs(contacts[2]!)).status).toBe(400);
    const associations = await call(
      'otdst',
      'GET',
      `/crm/v4/objects/contacts/${contacts[0]}/associations/${targetCar}`,
    );
    expect(associations.body.results).toEqual([
      expect.objectContaining({
        associationTypes: expect.arrayContaining([expect.objectContaining({ label: 'Driven car' })]),
      }),
    ]);

    // A re-run recreates nothing and writes nothing.
    const head = await store.headPosition();
    const again = (await call('otdst', 'POST', '/api/v1/schema/import', exported.body)).body as unknown as Report;
    expect(again.errors).toEqual([]);
    expect(again.objectTypes.map((t) => t.status)).toEqual(['existing', 'existing']);
    expect(again.objectTypes.find((t) => t.name === 'car')?.targetObjectTypeId).toBe(targetCar);
    expect(again.mapping.every((m) => m.status === 'existing')).toBe(true);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a document whose object type is not a valid schema, before anything is written', async () => {
    const head = await store.headPosition();
    const bad = await call('otdst', 'POST', '/api/v1/schema/import', {
      format: 'association-labels-schema',
      version: 1,
      objectTypes: [{ objectTypeId: '2-9', name: 'plane', labels: { singular: 'Plane' }, properties: [] }],
      labels: [],
      pairLimits: [],
    });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('objectTypes[0]');
    expect(await store.headPosition()).toBe(head);
  });
});
