import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

const basic = (client: Client) => client.crm.associations.v4.basicApi;
const batch = (client: Client) => client.crm.associations.v4.batchApi;
const contact = async (client: Client) => (await client.crm.contacts.basicApi.create({ properties: {} })).id;
const company = async (client: Client) => (await client.crm.companies.basicApi.create({ properties: {} })).id;
const user = (id: number) => [{ associationCategory: Category.UserDefined, associationTypeId: id }];
const hubspot = (id: number) => [{ associationCategory: Category.HubspotDefined, associationTypeId: id }];
const typeIds = async (client: Client, type: string, id: string, toType: string) =>
  (await basic(client).getPage(type, id, toType)).results.map((r) => [
    String(r.toObjectId),
    r.associationTypes.map((t) => t.typeId),
  ]);

describe('association batches through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  async function managerLabel(client: Client): Promise<{ manager: number; employee: number }> {
    const created = await client.crm.associations.v4.schema.definitionsApi.create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'manager_employee',
    });
    const manager = created.results.find((r) => r.label === 'Manager')!.typeId;
    const employee = created.results.find((r) => r.label === 'Employee')!.typeId;
    return { manager, employee };
  }

  it('archiveLabels of the custom label keeps the pair with 279; of 279 removes it both ways (scenario 14)', async () => {
    const client = await sdk.client({ accountId: 'ab14' });
    const { manager } = await managerLabel(client);
    const [c1, k1] = [await contact(client), await company(client)];
    const created = await batch(client).create('contacts', 'companies', {
      inputs: [{ _from: { id: c1 }, to: { id: k1 }, types: user(manager) }],
    });
    expect(created.status).toBe('COMPLETE');
    expect(created.results).toEqual([
      {
        fromObjectTypeId: '0-1',
        fromObjectId: Number(c1),
        toObjectTypeId: '0-2',
        toObjectId: Number(k1),
        labels: ['Manager'],
      },
    ]);
    expect('errors' in created).toBe(false);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [279, manager]]]);

    const input = (types: ReturnType<typeof user>) => ({ inputs: [{ _from: { id: c1 }, to: { id: k1 }, types }] });
    await expect(batch(client).archiveLabels('contacts', 'companies', input(user(manager)))).resolves.toBeUndefined();
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [279]]]);
    expect(await typeIds(client, 'companies', k1, 'contacts')).toEqual([[c1, [280]]]);

    await batch(client).archiveLabels('contacts', 'companies', input(hubspot(279)));
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([]);
    expect(await typeIds(client, 'companies', k1, 'contacts')).toEqual([]);
  });

  it('answers 207 with numErrors and a StandardError when one input fails; the valid one is applied (scenario 15)', async () => {
    const client = await sdk.client({ accountId: 'ab15', roles: ['user'] });
    const [c1, k1] = [await contact(client), await company(client)];
    const response = await batch(client).createWithHttpInfo('contacts', 'companies', {
      inputs: [
        { _from: { id: c1 }, to: { id: k1 }, types: hubspot(279) },
        { _from: { id: c1 }, to: { id: '999999' }, types: hubspot(279) },
      ],
    });
    expect(response.httpStatusCode).toBe(207);
    const body = response.data as { numErrors?: number; errors?: unknown[]; results: unknown[] };
    expect(body.numErrors).toBe(1);
    expect(body.results).toEqual([
      expect.objectContaining({ fromObjectId: Number(c1), toObjectId: Number(k1), labels: [] }),
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'One or more associations are invalid',
        context: expect.objectContaining({
          fromObjectId: [c1],
          toObjectId: ['999999'],
          INVALID_OBJECT_IDS: ['COMPANY=999999 is not valid'],
        }),
      }),
    ]);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [279]]]);
  });

  it('createDefault answers 200 with failures in errors/numErrors', async () => {
    const client = await sdk.client({ accountId: 'abdef' });
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];
    const ok = await batch(client).createDefault('contacts', 'companies', {
      inputs: [
        { _from: { id: c1 }, to: { id: k1 } },
        { _from: { id: c1 }, to: { id: k2 } },
      ],
    });
    expect(ok.status).toBe('COMPLETE');
    expect(ok.results.map((r) => [r._from.id, r.to.id, r.associationSpec])).toEqual([
      [c1, k1, { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
      [c1, k2, { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
    ]);
    expect(ok.numErrors).toBeUndefined();
    const partial = await batch(client).createDefaultWithHttpInfo('contacts', 'companies', {
      inputs: [
        { _from: { id: '999999' }, to: { id: k1 } },
        { _from: { id: c1 }, to: { id: k1 } },
      ],
    });
    expect(partial.httpStatusCode).toBe(200);
    expect(partial.data.numErrors).toBe(1);
    expect(partial.data.results).toHaveLength(1);
    expect(partial.data.errors![0]!.context).toMatchObject({ INVALID_OBJECT_IDS: ['CONTACT=999999 is not valid'] });
  });

  it('reads each input with _from.id and to[].associationTypes, paging per input; unknown ids are 207 (scenario 16)', async () => {
    const client = await sdk.client({ accountId: 'ab16' });
    const [c1, c2] = [await contact(client), await contact(client)];
    const companies = [await company(client), await company(client), await company(client)];
    await batch(client).createDefault('contacts', 'companies', {
      inputs: companies.map((k) => ({ _from: { id: c1 }, to: { id: k } })),
    });
    await basic(client).create('contacts', c1, 'companies', companies[0]!, hubspot(1));
    const auditor = await sdk.client({ accountId: 'ab16', roles: ['auditor'] });
    const read = await batch(auditor).getPageWithHttpInfo('contacts', 'companies', {
      inputs: [{ id: c1 }, { id: c2 }],
    });
    expect(read.httpStatusCode).toBe(200);
    expect(read.data.status).toBe('COMPLETE');
    expect(read.data.results.map((r) => r._from.id)).toEqual([c1, c2]);
    const [first, second] = read.data.results;
    expect(first!.to.map((t) => String(t.toObjectId))).toEqual(companies);
    expect(first!.to[0]!.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
    ]);
    expect(first!.paging).toBeUndefined();
    expect(second!.to).toEqual([]);

    const after = (await basic(client).getPage('contacts', c1, 'companies', undefined, 2)).paging!.next!.after;
    const paged = await batch(client).getPage('contacts', 'companies', { inputs: [{ id: c1, after }] });
    expect(paged.results[0]!.to.map((t) => String(t.toObjectId))).toEqual([companies[2]]);

    const unknown = await batch(client).getPageWithHttpInfo('contacts', 'companies', {
      inputs: [{ id: c1 }, { id: '999999' }],
    });
    expect(unknown.httpStatusCode).toBe(207);
    const body = unknown.data as { numErrors?: number; errors?: { context: Record<string, string[]> }[] };
    expect(unknown.data.results).toHaveLength(1);
    expect(body.numErrors).toBe(1);
    expect(body.errors![0]!.context).toMatchObject({ fromObjectId: ['999999'], code: ['RECORD_NOT_FOUND'] });
  });

  it('refuses a batch read over 1000 inputs (400) and takes 1000 (200) (scenario 17)', async () => {
    const client = await sdk.client({ accountId: 'ab17' });
    const c1 = await contact(client);
    const inputs = (count: number) => ({ inputs: Array.from({ length: count }, () => ({ id: c1 })) });
    const over = await sdkError(batch(client).getPage('contacts', 'companies', inputs(1001)));
    expect(over.code).toBe(400);
    expect(over.body.category).toBe('VALIDATION_ERROR');
    const ok = await batch(client).getPageWithHttpInfo('contacts', 'companies', inputs(1000));
    expect(ok.httpStatusCode).toBe(200);
    expect(ok.data.results).toHaveLength(1000);
  });

  it('batch archive removes whole associations both ways (204); request problems are 400 before any write', async () => {
    const client = await sdk.client({ accountId: 'abarc' });
    const { manager } = await managerLabel(client);
    const [c1, k1, k2, k3] = [
      await contact(client),
      await company(client),
      await company(client),
      await company(client),
    ];
    await batch(client).create('contacts', 'companies', {
      inputs: [k1, k2, k3].map((k) => ({ _from: { id: c1 }, to: { id: k }, types: user(manager) })),
    });
    await expect(
      batch(client).archive('contacts', 'companies', { inputs: [{ _from: { id: c1 }, to: [{ id: k1 }, { id: k2 }] }] }),
    ).resolves.toBeUndefined();
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k3, [279, manager]]]);
    expect(await typeIds(client, 'companies', k1, 'contacts')).toEqual([]);

    const auditor = await sdk.client({ accountId: 'abarc', roles: ['auditor'] });
    const forbidden = await sdkError(
      batch(auditor).archive('contacts', 'companies', { inputs: [{ _from: { id: c1 }, to: [{ id: k3 }] }] }),
    );
    expect(forbidden.code).toBe(403);
    expect((await sdkError(batch(client).archive('contacts', 'companies', { inputs: [] }))).code).toBe(400);
    const unknownType = await sdkError(
      batch(client).archive('contacts', 'widgets', { inputs: [{ _from: { id: c1 }, to: [{ id: k3 }] }] }),
    );
    expect(unknownType.code).toBe(400);
    const malformed = await sdkError(
      batch(client).create('contacts', 'companies', { inputs: [{ _from: { id: c1 }, to: { id: k3 } } as never] }),
    );
    expect(malformed.code).toBe(400);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k3, [279, manager]]]);
  });
});

describe('association batch sizes (BATCH_MAX_INPUTS)', () => {
  it('refuses writes over BATCH_MAX_INPUTS whole; batch read keeps its own limit of 1000', async () => {
    const sdk = await startSdkApp({ env: { BATCH_MAX_INPUTS: '2' } });
    try {
      const client = await sdk.client({ accountId: 'absize' });
      const [c1, k1] = [await contact(client), await company(client)];
      const pairs = (count: number) => ({
        inputs: Array.from({ length: count }, () => ({ _from: { id: c1 }, to: { id: k1 }, types: hubspot(279) })),
      });
      const over = await sdkError(client.crm.associations.v4.batchApi.create('contacts', 'companies', pairs(3)));
      expect(over.code).toBe(400);
      expect(over.body.message).toBe('Too many inputs: 3; a batch takes at most 2');
      expect((await basic(client).getPage('contacts', c1, 'companies')).results).toEqual([]);
      await client.crm.associations.v4.batchApi.create('contacts', 'companies', pairs(2));
      const read = await client.crm.associations.v4.batchApi.getPageWithHttpInfo('contacts', 'companies', {
        inputs: [{ id: c1 }, { id: c1 }, { id: c1 }],
      });
      expect(read.httpStatusCode).toBe(200);
    } finally {
      await sdk.close();
    }
  });
});
