import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { ObjectTypePropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/schemas/models/ObjectTypePropertyCreate';
import { MemoryEventStore } from '@app/event-store';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';
import { until } from '../support/until';

interface BatchBody {
  status: string;
  results: { id: string; properties: Record<string, string | null>; _new?: boolean; objectWriteTraceId?: string }[];
  numErrors?: number;
  errors?: { status: string; category: string; message: string; context: Record<string, string[]> }[];
}

/** hubspot-v4-api.md §2.5: the objects API's batch routes, typed (`crm.contacts…`) and generic (`crm.objects…`). */
describe('record batches through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  let store: MemoryEventStore;
  beforeAll(async () => {
    store = new MemoryEventStore();
    sdk = await startSdkApp({ eventStore: store });
  });
  afterAll(() => sdk.close());

  const contacts = (client: Client) => client.crm.contacts.batchApi;
  const objects = (client: Client) => client.crm.objects.batchApi;
  const body = (response: { data: unknown }) => response.data as BatchBody;

  /** Runs a call that must answer 400 and proves it appended nothing. */
  async function refusedWithoutWrites(call: () => Promise<unknown>): Promise<string> {
    const before = await store.headPosition();
    const { code, body: error } = await sdkError(call());
    expect(code).toBe(400);
    expect(error.category).toBe('VALIDATION_ERROR');
    expect(await store.headPosition()).toBe(before);
    return error.message;
  }

  describe('batch/create', () => {
    it('creates every input (201) with its associations, through crm.contacts and crm.objects', async () => {
      const client = await sdk.client({ accountId: 'rb_create', roles: ['user'] });
      const company = await client.crm.companies.basicApi.create({ properties: { domain: 'acme.com' } });
      const response = await contacts(client).createWithHttpInfo({
        inputs: [
          { properties: { email: 'ada@example.com', firstname: 'Ada' }, objectWriteTraceId: 'trace-a' },
          {
            properties: { email: 'bo@example.com' },
            associations: [
              {
                to: { id: company.id },
                types: [{ associationCategory: Category.HubspotDefined, associationTypeId: 279 }],
              },
            ],
          },
        ],
      });
      expect(response.httpStatusCode).toBe(201);
      const created = body(response);
      expect(created.status).toBe('COMPLETE');
      expect(created.numErrors).toBeUndefined();
      expect(created.results.map((r) => r.properties.email)).toEqual(['ada@example.com', 'bo@example.com']);
      expect(created.results[0]).toMatchObject({ objectWriteTraceId: 'trace-a', properties: { firstname: 'Ada' } });
      const [ada, bo] = created.results.map((r) => r.id);
      expect((await client.crm.contacts.basicApi.getById(ada!)).properties.firstname).toBe('Ada');
      const associated = await client.crm.associations.v4.basicApi.getPage('contacts', bo!, 'companies');
      expect(associated.results.map((r) => String(r.toObjectId))).toEqual([company.id]);

      const deals = await objects(client).create('deals', { inputs: [{ properties: { dealname: 'D1' } }] });
      expect(deals.results[0]!.properties.dealname).toBe('D1');
    });

    it('answers 207 for inputs whose unique value is taken; the others are created', async () => {
      const client = await sdk.client({ accountId: 'rb_create_207' });
      const holder = await client.crm.contacts.basicApi.create({ properties: { email: 'taken@example.com' } });
      const response = await contacts(client).createWithHttpInfo({
        inputs: [
          { properties: { email: 'TAKEN@example.com' }, objectWriteTraceId: 'dup-1' },
          { properties: { email: 'fresh@example.com' } },
          { properties: { email: 'fresh@example.com' } },
        ],
      });
      expect(response.httpStatusCode).toBe(207);
      const result = body(response);
      expect(result.results.map((r) => r.properties.email)).toEqual(['fresh@example.com']);
      expect(result.numErrors).toBe(2);
      expect(result.errors![0]).toMatchObject({
        status: 'error',
        category: 'CONFLICT',
        context: { code: ['UNIQUE_VALUE_TAKEN'], objectWriteTraceId: ['dup-1'] },
      });
      expect(result.errors![0]!.message).toContain(`Existing ID: ${holder.id}`);
      expect(result.errors![1]).toMatchObject({ category: 'CONFLICT' });
    });

    it('refuses the whole request (400, nothing written) for request-level problems', async () => {
      const client = await sdk.client({ accountId: 'rb_create_400' });
      // The account's first command provisions it (a write of its own): done here, before the refusals.
      await client.crm.contacts.basicApi.create({ properties: {} });
      await refusedWithoutWrites(() => contacts(client).create({ inputs: [] }));
      const tooMany = Array.from({ length: 101 }, () => ({ properties: {} }));
      expect(await refusedWithoutWrites(() => contacts(client).create({ inputs: tooMany }))).toMatch(/at most 100/);
      expect(
        await refusedWithoutWrites(() =>
          contacts(client).create({ inputs: [{ properties: {} }, { properties: { hs_object_id: '5' } }] }),
        ),
      ).toMatch(/read-only/);
      expect(
        await refusedWithoutWrites(() =>
          contacts(client).create({
            inputs: [
              { properties: {} },
              {
                properties: {},
                associations: [
                  { to: { id: '1' }, types: [{ associationCategory: Category.HubspotDefined, associationTypeId: 77 }] },
                ],
              },
            ],
          }),
        ),
      ).toMatch(/association type 77/);
      await refusedWithoutWrites(() => objects(client).create('nothings', { inputs: [{ properties: {} }] }));
      // Shapes the SDK cannot send, through plain HTTP.
      const token = await sdk.token({ accountId: 'rb_create_400' });
      for (const raw of [{}, { inputs: {} }, { inputs: [{ properties: 'x' }] }, { inputs: [{}] }, { inputs: [1] }]) {
        const before = await store.headPosition();
        const response = await fetch(`${sdk.basePath}/crm/v3/objects/contacts/batch/create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(raw),
        });
        expect([response.status, ((await response.json()) as { category: string }).category]).toEqual([
          400,
          'VALIDATION_ERROR',
        ]);
        expect(await store.headPosition()).toBe(before);
      }
    });

    it('replays each input when retried with the same Idempotency-Key', async () => {
      const token = await sdk.token({ accountId: 'rb_idem', roles: ['user'] });
      const post = () =>
        fetch(`${sdk.basePath}/crm/v3/objects/deals/batch/create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'b-1' },
          body: JSON.stringify({ inputs: [{ properties: { dealname: 'A' } }, { properties: { dealname: 'B' } }] }),
        });
      const first = await post();
      const again = await post();
      expect([first.status, again.status]).toEqual([201, 201]);
      const ids = async (r: Response) => ((await r.json()) as BatchBody).results.map((x) => x.id);
      const firstIds = await ids(first);
      expect(new Set(firstIds).size).toBe(2);
      expect(await ids(again)).toEqual(firstIds);
      const client = await sdk.client({ accountId: 'rb_idem' });
      expect((await client.crm.deals.basicApi.getPage(100)).results).toHaveLength(2);
    });
  });

  describe('batch/read', () => {
    it('reads records by id (200), with properties, or by email with idProperty', async () => {
      const client = await sdk.client({ accountId: 'rb_read', roles: ['auditor'] });
      const writer = await sdk.client({ accountId: 'rb_read' });
      const created = await contacts(writer).create({
        inputs: [
          { properties: { email: 'a@example.com', firstname: 'A', city: 'Oslo' } },
          { properties: { email: 'b@example.com', firstname: 'B' } },
        ],
      });
      const [a, b] = created.results.map((r) => r.id);
      const response = await contacts(client).readWithHttpInfo({
        inputs: [{ id: b! }, { id: a! }],
        properties: ['city'],
        propertiesWithHistory: [],
      });
      expect(response.httpStatusCode).toBe(200);
      expect(body(response).results.map((r) => [r.id, r.properties.city])).toEqual([
        [b, null],
        [a, 'Oslo'],
      ]);
      const byEmail = await objects(client).read('contacts', {
        inputs: [{ id: 'A@example.com' }],
        idProperty: 'email',
        properties: [],
        propertiesWithHistory: [],
      });
      expect(byEmail.results.map((r) => [r.id, r.properties.firstname])).toEqual([[a, 'A']]);
    });

    it('answers 207 naming the ids that match no (live) record in one OBJECT_NOT_FOUND error', async () => {
      const client = await sdk.client({ accountId: 'rb_read_207' });
      const created = await contacts(client).create({ inputs: [{ properties: {} }, { properties: {} }] });
      const [live, gone] = created.results.map((r) => r.id);
      await client.crm.contacts.basicApi.archive(gone!);
      const request = {
        inputs: [{ id: live! }, { id: gone! }, { id: '999999' }],
        properties: [],
        propertiesWithHistory: [],
      };
      const response = await contacts(client).readWithHttpInfo(request);
      expect(response.httpStatusCode).toBe(207);
      const result = body(response);
      expect(result.results.map((r) => r.id)).toEqual([live]);
      expect(result.numErrors).toBe(1);
      expect(result.errors![0]).toMatchObject({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        context: { ids: [gone, '999999'] },
      });
      const archived = await contacts(client).readWithHttpInfo(
        { inputs: [{ id: gone! }], properties: [], propertiesWithHistory: [] },
        true,
      );
      expect(archived.httpStatusCode).toBe(200);
      expect(body(archived).results).toMatchObject([{ id: gone, archived: true }]);
    });

    it('refuses malformed ids and an idProperty that is not unique (400)', async () => {
      const client = await sdk.client({ accountId: 'rb_read_400' });
      const read = (inputs: { id: string }[], idProperty?: string) =>
        contacts(client).read({ inputs, idProperty, properties: [], propertiesWithHistory: [] });
      expect((await sdkError(read([{ id: 'abc' }]))).code).toBe(400);
      expect((await sdkError(read([{ id: 'x' }], 'firstname'))).code).toBe(400);
      expect((await sdkError(read([]))).code).toBe(400);
      const many = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
      expect((await sdkError(read(many))).body.message).toMatch(/at most 100/);
    });
  });

  describe('batch/update', () => {
    it('updates by id and by email (200); missing, archived and conflicting inputs are 207 errors', async () => {
      const client = await sdk.client({ accountId: 'rb_update', roles: ['user'] });
      const created = await contacts(client).create({
        inputs: [
          { properties: { email: 'u1@example.com' } },
          { properties: { email: 'u2@example.com' } },
          { properties: { email: 'u3@example.com' } },
        ],
      });
      const [u1, u2, u3] = created.results.map((r) => r.id);
      const ok = await contacts(client).updateWithHttpInfo({
        inputs: [
          { id: u1!, properties: { firstname: 'One' }, objectWriteTraceId: 't1' },
          { id: 'U2@example.com', idProperty: 'email', properties: { firstname: 'Two' } },
        ],
      });
      expect(ok.httpStatusCode).toBe(200);
      expect(body(ok).results.map((r) => [r.id, r.properties.firstname])).toEqual([
        [u1, 'One'],
        [u2, 'Two'],
      ]);
      expect(body(ok).results[0]!.objectWriteTraceId).toBe('t1');

      await client.crm.contacts.basicApi.archive(u3!);
      const partial = await objects(client).updateWithHttpInfo('contacts', {
        inputs: [
          { id: u1!, properties: { lastname: 'Uno' } },
          { id: u3!, properties: { lastname: 'Gone' } },
          { id: '999999', properties: { lastname: 'Never' } },
          { id: u2!, properties: { email: 'u1@example.com' } },
        ],
      });
      expect(partial.httpStatusCode).toBe(207);
      const result = body(partial);
      expect(result.results.map((r) => [r.id, r.properties.lastname])).toEqual([[u1, 'Uno']]);
      expect(result.errors!.map((e) => [e.category, e.context.ids])).toEqual([
        ['OBJECT_NOT_FOUND', [u3]],
        ['OBJECT_NOT_FOUND', ['999999']],
        ['CONFLICT', [u2]],
      ]);
      expect((await client.crm.contacts.basicApi.getById(u2!)).properties.email).toBe('u2@example.com');
    });

    it('refuses duplicate ids, malformed ids, a bad idProperty and read-only properties (400, nothing written)', async () => {
      const client = await sdk.client({ accountId: 'rb_update_400' });
      const { id } = await client.crm.contacts.basicApi.create({ properties: {} });
      const update = (inputs: { id: string; idProperty?: string; properties: Record<string, string> }[]) => () =>
        contacts(client).update({ inputs });
      expect(
        await refusedWithoutWrites(
          update([
            { id, properties: { a: '1' } },
            { id, properties: { b: '2' } },
          ]),
        ),
      ).toMatch(/duplicate/);
      await refusedWithoutWrites(
        update([
          { id, properties: { a: '1' } },
          { id: 'abc', properties: {} },
        ]),
      );
      await refusedWithoutWrites(
        update([
          { id, properties: { a: '1' } },
          { id: 'x', idProperty: 'city', properties: {} },
        ]),
      );
      await refusedWithoutWrites(update([{ id, properties: { createdate: '1' } }]));
    });
  });

  describe('batch/upsert', () => {
    it('creates unheld values and updates held ones (200), saying which with `new`', async () => {
      const client = await sdk.client({ accountId: 'rb_upsert', roles: ['user'] });
      const existing = await client.crm.contacts.basicApi.create({ properties: { email: 'old@example.com' } });
      const response = await contacts(client).upsertWithHttpInfo({
        inputs: [
          { id: 'OLD@example.com', idProperty: 'email', properties: { firstname: 'Old' } },
          { id: 'new@example.com', idProperty: 'email', properties: { firstname: 'New' }, objectWriteTraceId: 'n' },
        ],
      });
      expect(response.httpStatusCode).toBe(200);
      const [updated, created] = body(response).results;
      expect(updated).toMatchObject({ id: existing.id, _new: false, properties: { firstname: 'Old' } });
      expect(created).toMatchObject({
        _new: true,
        objectWriteTraceId: 'n',
        properties: { email: 'new@example.com', firstname: 'New' },
      });
      const again = await contacts(client).upsert({
        inputs: [{ id: 'new@example.com', idProperty: 'email', properties: { lastname: 'Again' } }],
      });
      expect(again.results).toMatchObject([{ id: created!.id, _new: false, properties: { lastname: 'Again' } }]);

      const companies = await objects(client).upsert('companies', {
        inputs: [{ id: 'acme.io', idProperty: 'domain', properties: { name: 'Acme' } }],
      });
      expect(companies.results).toMatchObject([{ _new: true, properties: { domain: 'acme.io', name: 'Acme' } }]);
    });

    it('answers 207 for an input whose change collides with another record; refuses non-unique idProperty (400)', async () => {
      const client = await sdk.client({ accountId: 'rb_upsert_207' });
      await client.crm.contacts.basicApi.create({ properties: { email: 'x@example.com' } });
      await client.crm.contacts.basicApi.create({ properties: { email: 'y@example.com' } });
      const response = await contacts(client).upsertWithHttpInfo({
        inputs: [
          { id: 'x@example.com', idProperty: 'email', properties: { email: 'y@example.com' } },
          { id: 'z@example.com', idProperty: 'email', properties: {} },
        ],
      });
      expect(response.httpStatusCode).toBe(207);
      expect(body(response).results).toMatchObject([{ _new: true, properties: { email: 'z@example.com' } }]);
      expect(body(response).errors).toMatchObject([{ category: 'CONFLICT' }]);

      const upsert = (objectType: string, idProperty: string | undefined) => () =>
        objects(client).upsert(objectType, { inputs: [{ id: 'v@example.com', idProperty, properties: {} }] });
      expect(await refusedWithoutWrites(upsert('contacts', 'firstname'))).toMatch(/upsert by email/);
      expect(await refusedWithoutWrites(upsert('deals', 'dealname'))).toMatch(/cannot be upserted/);
      await refusedWithoutWrites(upsert('contacts', undefined));
    });
  });

  describe('batch/archive', () => {
    it('archives every id (204) and the archive cascade removes their associations', async () => {
      const client = await sdk.client({ accountId: 'rb_archive', roles: ['user'] });
      const company = await client.crm.companies.basicApi.create({ properties: {} });
      const created = await contacts(client).create({
        inputs: [
          {
            properties: {},
            associations: [
              {
                to: { id: company.id },
                types: [{ associationCategory: Category.HubspotDefined, associationTypeId: 279 }],
              },
            ],
          },
          { properties: { email: 'free@example.com' } },
        ],
      });
      const ids = created.results.map((r) => r.id);
      await expect(contacts(client).archive({ inputs: ids.map((id) => ({ id })) })).resolves.toBeUndefined();
      for (const id of ids) expect((await sdkError(client.crm.contacts.basicApi.getById(id))).code).toBe(404);
      await until(
        () => client.crm.associations.v4.basicApi.getPage('companies', company.id, 'contacts'),
        (page) => page.results.length === 0,
        { what: 'the company no longer lists the archived contact' },
      );
      // The email was released with the archive; archiving again is a no-op.
      await client.crm.contacts.basicApi.create({ properties: { email: 'free@example.com' } });
      await objects(client).archive('contacts', { inputs: [{ id: ids[0]! }, { id: ids[0]! }] });
    });

    it('refuses ids that name no record, malformed ids and too many ids (400), archiving nothing', async () => {
      const client = await sdk.client({ accountId: 'rb_archive_400' });
      const { id } = await client.crm.contacts.basicApi.create({ properties: {} });
      const archive = (ids: string[]) => () => contacts(client).archive({ inputs: ids.map((x) => ({ id: x })) });
      expect(await refusedWithoutWrites(archive([id, '999999']))).toMatch(/Could not archive some CONTACT objects/);
      await refusedWithoutWrites(archive([id, 'abc']));
      await refusedWithoutWrites(archive(Array.from({ length: 101 }, () => id)));
      await refusedWithoutWrites(archive([]));
      expect((await client.crm.contacts.basicApi.getById(id)).archived).toBe(false);
    });
  });

  it('works on custom objects through crm.objects, checking their declared properties', async () => {
    const client = await sdk.client({ accountId: 'rb_custom' });
    const schema = await client.crm.schemas.coreApi.create({
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      primaryDisplayProperty: 'model',
      requiredProperties: [],
      properties: [{ name: 'model', label: 'Model', type: ObjectTypePropertyCreateTypeEnum.String, fieldType: 'text' }],
      associatedObjects: [],
    });
    const objectTypeId = schema.objectTypeId!;
    const created = await objects(client).create(objectTypeId, {
      inputs: [{ properties: { model: 'T' } }, { properties: { model: 'K' } }],
    });
    const ids = created.results.map((r) => r.id);
    const read = await objects(client).read(objectTypeId, {
      inputs: ids.map((id) => ({ id })),
      properties: ['model'],
      propertiesWithHistory: [],
    });
    expect(read.results.map((r) => r.properties.model)).toEqual(['T', 'K']);
    const updated = await objects(client).update(objectTypeId, {
      inputs: [{ id: ids[0]!, properties: { model: 'S' } }],
    });
    expect(updated.results[0]!.properties.model).toBe('S');
    expect(
      await refusedWithoutWrites(() =>
        objects(client).update(objectTypeId, { inputs: [{ id: ids[0]!, properties: { colour: 'red' } }] }),
      ),
    ).toMatch(/colour/);
    await objects(client).archive(objectTypeId, { inputs: ids.map((id) => ({ id })) });
    const gone = await objects(client).readWithHttpInfo(objectTypeId, {
      inputs: [{ id: ids[0]! }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(gone.httpStatusCode).toBe(207);
  });
});
