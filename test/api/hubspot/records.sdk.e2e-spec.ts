import type { Client } from '@hubspot/api-client';
import { ObjectTypePropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/schemas/models/ObjectTypePropertyCreate';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

describe('records through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  const contactsOf = (client: Client) => client.crm.contacts.basicApi;
  const objectsOf = (client: Client) => client.crm.objects.basicApi;

  it('creates (201), reads, updates and archives a contact through crm.contacts.basicApi', async () => {
    const client = await sdk.client({ accountId: '7001', roles: ['user'], userId: 'user-1' });
    const created = await contactsOf(client).create({ properties: { email: 'ada@example.com', firstname: 'Ada' } });
    expect(created.id).toMatch(/^[1-9][0-9]*$/);
    expect(created).toMatchObject({
      archived: false,
      properties: { email: 'ada@example.com', firstname: 'Ada', hs_object_id: created.id },
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.properties.createdate).toBe(created.createdAt.toISOString());
    expect(created.properties.lastmodifieddate).toBe(created.updatedAt.toISOString());

    const read = await contactsOf(client).getById(created.id);
    expect(read.properties).toEqual({
      email: 'ada@example.com',
      firstname: 'Ada',
      lastname: null,
      hs_object_id: created.id,
      createdate: created.properties.createdate,
      lastmodifieddate: created.properties.lastmodifieddate,
    });

    const updated = await contactsOf(client).update(created.id, { properties: { firstname: 'Bo', city: 'Oslo' } });
    expect(updated.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Bo', city: 'Oslo' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect((await contactsOf(client).getById(created.id, ['city'])).properties.city).toBe('Oslo');

    await contactsOf(client).archive(created.id);
    expect((await sdkError(contactsOf(client).getById(created.id))).code).toBe(404);
    const archived = await contactsOf(client).getById(created.id, undefined, undefined, undefined, true);
    expect(archived).toMatchObject({ id: created.id, archived: true });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await sdkError(contactsOf(client).update(created.id, { properties: { firstname: 'X' } }))).code).toBe(404);
    // Archiving again changes nothing.
    await contactsOf(client).archive(created.id);
  });

  it('works through crm.objects.basicApi with any spelling of the type', async () => {
    const client = await sdk.client({ accountId: '7002' });
    const deal = await objectsOf(client).create('deals', { properties: { dealname: 'Big one', amount: '100' } });
    expect((await objectsOf(client).getById('0-3', deal.id)).properties).toMatchObject({
      dealname: 'Big one',
      amount: '100',
      hs_object_id: deal.id,
    });
    const renamed = await objectsOf(client).update('deal', deal.id, { properties: { dealname: 'Bigger' } });
    expect(renamed.properties.dealname).toBe('Bigger');
    const company = await client.crm.companies.basicApi.create({ properties: { domain: 'example.com', name: 'Ex' } });
    expect((await objectsOf(client).getById('company', company.id)).properties.domain).toBe('example.com');
    await objectsOf(client).archive('0-3', deal.id);
    expect((await sdkError(objectsOf(client).getById('deals', deal.id))).code).toBe(404);
  });

  it('selects properties, repeated or comma-joined, null when unset', async () => {
    const client = await sdk.client({ accountId: '7003' });
    const { id } = await contactsOf(client).create({
      properties: { email: 'c@example.com', firstname: 'Cy', city: 'Rome' },
    });
    const repeated = await contactsOf(client).getById(id, ['city', 'phone']);
    expect(repeated.properties).toEqual({
      city: 'Rome',
      phone: null,
      hs_object_id: id,
      createdate: expect.any(String),
      lastmodifieddate: expect.any(String),
    });
    const response = await fetch(`${sdk.basePath}/crm/v3/objects/contacts/${id}?properties=city,firstname`, {
      headers: { authorization: `Bearer ${await sdk.token({ accountId: '7003' })}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { properties: Record<string, string | null> };
    expect(Object.keys(body.properties).sort()).toEqual(
      ['city', 'createdate', 'firstname', 'hs_object_id', 'lastmodifieddate'].sort(),
    );
    expect((await contactsOf(client).getById(id, ['city,firstname'])).properties).toMatchObject({
      city: 'Rome',
      firstname: 'Cy',
    });
  });

  it('lists with limit and after, paging.next only when there are more', async () => {
    const client = await sdk.client({ accountId: '7004' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await contactsOf(client).create({ properties: { firstname: `n${i}` } })).id);
    await contactsOf(client).archive(ids[3]!);
    const live = ids.filter((_, i) => i !== 3);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await contactsOf(client).getPage(2, after, ['firstname']);
      pages += 1;
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(seen).toEqual(live);
    expect(pages).toBe(3);
    const all = await objectsOf(client).getPage('contacts');
    expect(all.results.map((r) => r.id)).toEqual(live);
    expect(all.paging).toBeUndefined();
    const archived = await objectsOf(client).getPage('contacts', 10, undefined, undefined, undefined, undefined, true);
    expect(archived.results.map((r) => r.id)).toEqual([ids[3]]);
    expect((await sdkError(objectsOf(client).getPage('contacts', 101))).code).toBe(400);
  });

  it('reads a contact by email with idProperty, and updates it by email', async () => {
    const client = await sdk.client({ accountId: '7005' });
    const { id } = await contactsOf(client).create({ properties: { email: 'Dora@Example.com', firstname: 'Dora' } });
    const byEmail = await contactsOf(client).getById(
      'dora@example.com',
      undefined,
      undefined,
      undefined,
      false,
      'email',
    );
    expect(byEmail.id).toBe(id);
    const updated = await contactsOf(client).update('DORA@example.com', { properties: { lastname: 'X' } }, 'email');
    expect(updated).toMatchObject({ id, properties: { lastname: 'X' } });
    const missing = await sdkError(
      contactsOf(client).getById('nobody@example.com', undefined, undefined, undefined, false, 'email'),
    );
    expect(missing.code).toBe(404);
    const badProperty = await sdkError(
      contactsOf(client).getById(id, undefined, undefined, undefined, false, 'firstname'),
    );
    expect(badProperty.code).toBe(400);
  });

  it('refuses a duplicate email (409), also when creations race, and frees it on archive or change', async () => {
    const client = await sdk.client({ accountId: '7006' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => contactsOf(client).create({ properties: { email: 'race@example.com' } })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 409 });
    }
    const holder = (won[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    const duplicate = await sdkError(contactsOf(client).create({ properties: { email: ' RACE@example.com' } }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body).toMatchObject({ category: 'CONFLICT' });
    expect(duplicate.body.message).toContain(`Existing ID: ${holder}`);

    const other = await contactsOf(client).create({ properties: { email: 'other@example.com' } });
    expect(
      (await sdkError(contactsOf(client).update(other.id, { properties: { email: 'race@example.com' } }))).code,
    ).toBe(409);
    await contactsOf(client).update(holder, { properties: { email: 'moved@example.com' } });
    await contactsOf(client).update(other.id, { properties: { email: 'race@example.com' } });
    await contactsOf(client).archive(other.id);
    const again = await contactsOf(client).create({ properties: { email: 'race@example.com' } });
    expect(again.id).not.toBe(other.id);
    // A company's domain is unique the same way.
    await client.crm.companies.basicApi.create({ properties: { domain: 'acme.com' } });
    expect((await sdkError(client.crm.companies.basicApi.create({ properties: { domain: 'ACME.com' } }))).code).toBe(
      409,
    );
  });

  it('a creation retried with the same Idempotency-Key answers the same record, also when the retries race', async () => {
    const token = await sdk.token({ accountId: 'idemrec', roles: ['user'] });
    const create = (key: string, name: string) =>
      fetch(`${sdk.basePath}/crm/v3/objects/deals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ properties: { dealname: name } }),
      });
    const first = await create('deal-1', 'Big deal');
    const again = await create('deal-1', 'Big deal');
    expect([first.status, again.status]).toEqual([201, 201]);
    const ids = [((await first.json()) as { id: string }).id, ((await again.json()) as { id: string }).id];
    expect(ids[1]).toBe(ids[0]);
    const racing = await Promise.all(Array.from({ length: 5 }, () => create('deal-2', 'Raced')));
    const raced = await Promise.all(racing.map(async (r) => [r.status, ((await r.json()) as { id: string }).id]));
    expect(new Set(raced.map(([status]) => status))).toEqual(new Set([201]));
    expect(new Set(raced.map(([, id]) => id)).size).toBe(1);
    const client = await sdk.client({ accountId: 'idemrec', roles: ['user'] });
    expect((await client.crm.deals.basicApi.getPage(100)).results).toHaveLength(2);
  });

  it('allocates numeric ids unique across 50 concurrent creations', async () => {
    const client = await sdk.client({ accountId: '7007' });
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        objectsOf(client).create('contacts', { properties: { firstname: `c${i}` } }),
      ),
    );
    const ids = created.map((c) => c.id);
    for (const id of ids) expect(id).toMatch(/^[1-9][0-9]*$/);
    expect(new Set(ids).size).toBe(50);
    const listed = await objectsOf(client).getPage('contacts', 100);
    expect(listed.results).toHaveLength(50);
  });

  it('creates records of a custom object by 2-<n> and fully-qualified name, checking declared properties', async () => {
    const client = await sdk.client({ accountId: '7008' });
    const schema = await client.crm.schemas.coreApi.create({
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      primaryDisplayProperty: 'model',
      requiredProperties: [],
      properties: [
        { name: 'model', label: 'Model', type: ObjectTypePropertyCreateTypeEnum.String, fieldType: 'text' },
        { name: 'make', label: 'Make', type: ObjectTypePropertyCreateTypeEnum.String, fieldType: 'text' },
      ],
      associatedObjects: [],
    });
    expect(schema.objectTypeId).toBe('2-1');
    const car = await objectsOf(client).create('2-1', { properties: { model: 'T', make: 'Ford' } });
    const read = await objectsOf(client).getById('p7008_car', car.id, ['model', 'make']);
    expect(read.properties).toMatchObject({ model: 'T', make: 'Ford', hs_object_id: car.id });
    const unknown = await sdkError(objectsOf(client).create('2-1', { properties: { model: 'S', colour: 'red' } }));
    expect(unknown.code).toBe(400);
    expect(unknown.body.message).toContain('colour');
    expect((await sdkError(objectsOf(client).update('2-1', car.id, { properties: { wheels: '4' } }))).code).toBe(400);
    expect((await objectsOf(client).getPage('2-1')).results.map((r) => r.id)).toEqual([car.id]);
  });

  it('answers 404 for unknown records, 400 for unknown types and bad input', async () => {
    const client = await sdk.client({ accountId: '7009' });
    expect((await sdkError(contactsOf(client).getById('987654'))).code).toBe(404);
    expect((await sdkError(contactsOf(client).getById('not-a-number'))).code).toBe(404);
    expect((await sdkError(contactsOf(client).update('987654', { properties: { a: 'b' } }))).code).toBe(404);
    expect((await sdkError(contactsOf(client).archive('987654'))).code).toBe(404);
    expect((await sdkError(objectsOf(client).getPage('widgets'))).code).toBe(400);
    expect((await sdkError(objectsOf(client).create('widgets', { properties: {} }))).code).toBe(400);
    const readOnly = await sdkError(contactsOf(client).create({ properties: { hs_object_id: '5' } }));
    expect(readOnly).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    const nested = await sdkError(
      contactsOf(client).create({ properties: { firstname: { a: 1 } as unknown as string } }),
    );
    expect(nested.code).toBe(400);
  });

  it('lets auditors read but not write (403), and keeps accounts apart', async () => {
    const writer = await sdk.client({ accountId: '7010', roles: ['user'] });
    const { id } = await contactsOf(writer).create({ properties: { firstname: 'Eve' } });
    const auditor = await sdk.client({ accountId: '7010', roles: ['auditor'], userId: 'aud-1' });
    expect((await contactsOf(auditor).getById(id)).properties.firstname).toBe('Eve');
    expect((await sdkError(contactsOf(auditor).create({ properties: { firstname: 'X' } }))).code).toBe(403);
    expect((await sdkError(contactsOf(auditor).update(id, { properties: { firstname: 'X' } }))).code).toBe(403);
    expect((await sdkError(contactsOf(auditor).archive(id))).code).toBe(403);
    const consumer = await sdk.client({ accountId: '7010', roles: ['consumer'], userId: 'c-1' });
    expect((await sdkError(contactsOf(consumer).getById(id))).code).toBe(403);
    const stranger = await sdk.client({ accountId: '7011' });
    expect((await sdkError(contactsOf(stranger).getById(id))).code).toBe(404);
    expect((await contactsOf(stranger).getPage()).results).toEqual([]);
  });
});
