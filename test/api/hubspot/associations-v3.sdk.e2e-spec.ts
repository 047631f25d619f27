import type { Client } from '@hubspot/api-client';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

const v3 = (client: Client) => client.crm.associations.batchApi;
const contact = async (client: Client) => (await client.crm.contacts.basicApi.create({ properties: {} })).id;
const company = async (client: Client) => (await client.crm.companies.basicApi.create({ properties: {} })).id;
const pair = (from: string, to: string, type: string) => ({ _from: { id: from }, to: { id: to }, type });
const typeIds = async (client: Client, type: string, id: string, toType: string) =>
  (await client.crm.associations.v4.basicApi.getPage(type, id, toType)).results.map((r) => [
    String(r.toObjectId),
    r.associationTypes.map((t) => t.typeId),
  ]);

/** A paired custom label contacts → companies: Manager (`manager`) / Employee (`manager_inverse`). */
async function managerLabel(client: Client): Promise<{ manager: number; employee: number }> {
  const created = await client.crm.associations.v4.schema.definitionsApi.create('contacts', 'companies', {
    label: 'Manager',
    inverseLabel: 'Employee',
    name: 'manager',
  });
  const manager = created.results.find((r) => r.label === 'Manager')!.typeId;
  const employee = created.results.find((r) => r.label === 'Employee')!.typeId;
  return { manager, employee };
}

describe('legacy v3 association batches through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  it('batch/create (201) adds each type to its pair and keeps the labels it already had', async () => {
    const client = await sdk.client({ accountId: 'v3create', roles: ['user'] });
    const admin = await sdk.client({ accountId: 'v3create' });
    const { manager, employee } = await managerLabel(admin);
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];

    // The names are the ones GET /crm/v3/associations/{from}/{to}/types gives.
    const names = (await client.crm.associations.schema.typesApi.getAll('contacts', 'companies')).results;
    expect(names.map((t) => t.name)).toEqual(
      expect.arrayContaining(['contact_to_company', 'contact_to_company_unlabeled', 'manager']),
    );

    const created = await v3(client).createWithHttpInfo('contacts', 'companies', {
      inputs: [pair(c1, k1, 'manager'), pair(c1, k2, 'contact_to_company_unlabeled')],
    });
    expect(created.httpStatusCode).toBe(201);
    expect(created.data.status).toBe('COMPLETE');
    expect(created.data.results).toEqual([pair(c1, k1, 'manager'), pair(c1, k2, 'contact_to_company_unlabeled')]);
    expect('errors' in created.data).toBe(false);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([
      [k1, [279, manager]],
      [k2, [279]],
    ]);
    expect(await typeIds(client, 'companies', k1, 'contacts')).toEqual([[c1, [280, employee]]]);

    // Add semantics: Primary joins Manager (the labeled PUT would have replaced it); a typeId string works too.
    const primary = await v3(client).create('contacts', 'companies', {
      inputs: [pair(c1, k1, 'CONTACT_TO_COMPANY'), pair(c1, k2, String(manager))],
    });
    expect(primary.results).toEqual([pair(c1, k1, 'contact_to_company'), pair(c1, k2, 'manager')]);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([
      [k1, [1, 279, manager]],
      [k2, [279, manager]],
    ]);
    // Adding what the pair has changes nothing.
    await v3(client).create('contacts', 'companies', { inputs: [pair(c1, k1, 'manager')] });
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([
      [k1, [1, 279, manager]],
      [k2, [279, manager]],
    ]);
  });

  it('batch/create answers 207 with a StandardError for an unknown record; the valid input is applied', async () => {
    const client = await sdk.client({ accountId: 'v3partial' });
    const [c1, k1] = [await contact(client), await company(client)];
    const response = await v3(client).createWithHttpInfo('contacts', 'companies', {
      inputs: [pair(c1, '999999', 'contact_to_company_unlabeled'), pair(c1, k1, 'contact_to_company_unlabeled')],
    });
    expect(response.httpStatusCode).toBe(207);
    const body = response.data as { numErrors?: number; errors?: unknown[]; results: unknown[] };
    expect(body.results).toEqual([pair(c1, k1, 'contact_to_company_unlabeled')]);
    expect(body.numErrors).toBe(1);
    expect(body.errors).toEqual([
      expect.objectContaining({
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'One or more associations are invalid',
        context: expect.objectContaining({
          fromObjectId: [c1],
          toObjectId: ['999999'],
          type: ['contact_to_company_unlabeled'],
          INVALID_OBJECT_IDS: ['COMPANY=999999 is not valid'],
        }),
      }),
    ]);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [279]]]);
  });

  it('batch/create refuses request-level problems with a 4xx before anything is written', async () => {
    const client = await sdk.client({ accountId: 'v3bad' });
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];
    const valid = pair(c1, k1, 'contact_to_company_unlabeled');

    const unknownType = await sdkError(
      v3(client).create('contacts', 'companies', { inputs: [valid, pair(c1, k2, 'no_such_label')] }),
    );
    expect(unknownType.code).toBe(400);
    expect(unknownType.body.category).toBe('VALIDATION_ERROR');
    expect(unknownType.body.message).toContain('"no_such_label"');
    expect(unknownType.body.context).toMatchObject({ code: ['UNKNOWN_ASSOCIATION_TYPE'], type: ['no_such_label'] });
    // A type of the other direction is not a type of this one.
    const wrongDirection = await sdkError(
      v3(client).create('contacts', 'companies', { inputs: [pair(c1, k1, 'company_to_contact_unlabeled')] }),
    );
    expect(wrongDirection.code).toBe(400);
    expect((await sdkError(v3(client).create('contacts', 'companies', { inputs: [] }))).code).toBe(400);
    expect((await sdkError(v3(client).create('contacts', 'widgets', { inputs: [valid] }))).code).toBe(400);
    const missingType = await sdkError(
      v3(client).create('contacts', 'companies', { inputs: [{ _from: { id: c1 }, to: { id: k1 } } as never] }),
    );
    expect(missingType.code).toBe(400);
    expect(missingType.body.message).toBe('Invalid input: inputs[0].type must be an association type name');

    const auditor = await sdk.client({ accountId: 'v3bad', roles: ['auditor'] });
    expect((await sdkError(v3(auditor).create('contacts', 'companies', { inputs: [valid] }))).code).toBe(403);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([]);
  });

  it('batch/read (200) lists {id, type} per associated record and type; unknown ids are 207', async () => {
    const client = await sdk.client({ accountId: 'v3read' });
    await managerLabel(client);
    const [c1, c2] = [await contact(client), await contact(client)];
    const [k1, k2] = [await company(client), await company(client)];
    await v3(client).create('contacts', 'companies', {
      inputs: [pair(c1, k1, 'contact_to_company'), pair(c1, k1, 'manager'), pair(c1, k2, String(279))],
    });

    const auditor = await sdk.client({ accountId: 'v3read', roles: ['auditor'] });
    const read = await v3(auditor).readWithHttpInfo('contacts', 'companies', { inputs: [{ id: c1 }, { id: c2 }] });
    expect(read.httpStatusCode).toBe(200);
    expect(read.data.status).toBe('COMPLETE');
    expect(read.data.results).toEqual([
      {
        _from: { id: c1 },
        to: [
          { id: k1, type: 'contact_to_company' },
          { id: k1, type: 'contact_to_company_unlabeled' },
          { id: k1, type: 'manager' },
          { id: k2, type: 'contact_to_company_unlabeled' },
        ],
      },
      { _from: { id: c2 }, to: [] },
    ]);
    // The other direction names its own types.
    const inverse = await v3(client).read('companies', 'contacts', { inputs: [{ id: k1 }] });
    expect(inverse.results[0]!.to).toEqual([
      { id: c1, type: 'company_to_contact' },
      { id: c1, type: 'company_to_contact_unlabeled' },
      { id: c1, type: 'manager_inverse' },
    ]);

    const unknown = await v3(client).readWithHttpInfo('contacts', 'companies', {
      inputs: [{ id: c1 }, { id: '999999' }],
    });
    expect(unknown.httpStatusCode).toBe(207);
    const body = unknown.data as { numErrors?: number; errors?: { context: Record<string, string[]> }[] };
    expect(unknown.data.results.map((r) => r._from.id)).toEqual([c1]);
    expect(body.numErrors).toBe(1);
    expect(body.errors![0]!.context).toMatchObject({ fromObjectId: ['999999'], code: ['RECORD_NOT_FOUND'] });

    expect((await sdkError(v3(client).read('contacts', 'companies', { inputs: [] }))).code).toBe(400);
    const over = await sdkError(
      v3(client).read('contacts', 'companies', { inputs: Array.from({ length: 1001 }, () => ({ id: c1 })) }),
    );
    expect(over.code).toBe(400);
    expect((await sdkError(v3(client).read('widgets', 'companies', { inputs: [{ id: c1 }] }))).code).toBe(400);
  });

  it('batch/archive (204) removes each type; the unlabeled type removes the association both ways', async () => {
    const client = await sdk.client({ accountId: 'v3archive', roles: ['user'] });
    const admin = await sdk.client({ accountId: 'v3archive' });
    await managerLabel(admin);
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];
    await v3(client).create('contacts', 'companies', {
      inputs: [pair(c1, k1, 'manager'), pair(c1, k1, 'contact_to_company'), pair(c1, k2, 'manager')],
    });

    const archived = await v3(client).archiveWithHttpInfo('contacts', 'companies', {
      inputs: [pair(c1, k1, 'manager'), pair(c1, k2, 'contact_to_company_unlabeled')],
    });
    expect(archived.httpStatusCode).toBe(204);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [1, 279]]]);
    expect(await typeIds(client, 'companies', k2, 'contacts')).toEqual([]);

    // Removing what the pair does not carry changes nothing.
    await expect(
      v3(client).archive('contacts', 'companies', { inputs: [pair(c1, k2, 'manager')] }),
    ).resolves.toBeUndefined();

    const unknownType = await sdkError(
      v3(client).archive('contacts', 'companies', {
        inputs: [pair(c1, k1, 'contact_to_company_unlabeled'), pair(c1, k1, 'nope')],
      }),
    );
    expect(unknownType.code).toBe(400);
    expect(unknownType.body.context).toMatchObject({ code: ['UNKNOWN_ASSOCIATION_TYPE'], type: ['nope'] });
    expect((await sdkError(v3(client).archive('contacts', 'companies', { inputs: [] }))).code).toBe(400);
    const auditor = await sdk.client({ accountId: 'v3archive', roles: ['auditor'] });
    const forbidden = await sdkError(
      v3(auditor).archive('contacts', 'companies', { inputs: [pair(c1, k1, 'contact_to_company_unlabeled')] }),
    );
    expect(forbidden.code).toBe(403);
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [1, 279]]]);

    await v3(client).archive('contacts', 'companies', { inputs: [pair(c1, k1, 'contact_to_company_unlabeled')] });
    expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([]);
    expect(await typeIds(client, 'companies', k1, 'contacts')).toEqual([]);
  });
});

describe('legacy v3 association batch sizes (BATCH_MAX_INPUTS)', () => {
  it('refuses create and archive over BATCH_MAX_INPUTS whole', async () => {
    const sdk = await startSdkApp({ env: { BATCH_MAX_INPUTS: '2' } });
    try {
      const client = await sdk.client({ accountId: 'v3size' });
      const [c1, k1] = [await contact(client), await company(client)];
      const inputs = (count: number) => ({
        inputs: Array.from({ length: count }, () => pair(c1, k1, 'contact_to_company_unlabeled')),
      });
      const over = await sdkError(v3(client).create('contacts', 'companies', inputs(3)));
      expect(over.code).toBe(400);
      expect(over.body.message).toBe('Too many inputs: 3; a batch takes at most 2');
      expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([]);
      await v3(client).create('contacts', 'companies', inputs(2));
      expect((await sdkError(v3(client).archive('contacts', 'companies', inputs(3)))).code).toBe(400);
      expect(await typeIds(client, 'contacts', c1, 'companies')).toEqual([[k1, [279]]]);
    } finally {
      await sdk.close();
    }
  });
});
