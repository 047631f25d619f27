import type { Client } from '@hubspot/api-client';
import {
  DefinitionConfigurationsApi,
  ServerConfiguration,
  createConfiguration,
} from '@hubspot/api-client/lib/codegen/crm/associations/v4/schema';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

describe('associations through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  const basic = (client: Client) => client.crm.associations.v4.basicApi;
  const defs = (client: Client) => client.crm.associations.v4.schema.definitionsApi;
  const contact = async (client: Client) => (await client.crm.contacts.basicApi.create({ properties: {} })).id;
  const company = async (client: Client) => (await client.crm.companies.basicApi.create({ properties: {} })).id;
  const deal = async (client: Client) => (await client.crm.deals.basicApi.create({ properties: {} })).id;
  const user = (id: number) => [{ associationCategory: Category.UserDefined, associationTypeId: id }];
  const hubspot = (id: number) => [{ associationCategory: Category.HubspotDefined, associationTypeId: id }];

  async function managerLabel(client: Client): Promise<{ manager: number; employee: number }> {
    const created = await defs(client).create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'manager_employee',
    });
    const manager = created.results.find((r) => r.label === 'Manager')!.typeId;
    const employee = created.results.find((r) => r.label === 'Employee')!.typeId;
    return { manager, employee };
  }

  it('sets a paired label (201) and shows its inverse from the company side with 280 (scenario 8)', async () => {
    const client = await sdk.client({ accountId: 'as8', roles: ['user'] });
    const admin = await sdk.client({ accountId: 'as8' });
    const { manager, employee } = await managerLabel(admin);
    const [c1, k1] = [await contact(client), await company(client)];
    const created = await basic(client).create('contacts', c1, 'companies', k1, user(manager));
    expect(created).toMatchObject({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', labels: ['Manager'] });
    expect(Number(created.fromObjectId)).toBe(Number(c1));
    const fromCompany = await basic(client).getPage('companies', k1, 'contacts');
    expect(fromCompany.results).toHaveLength(1);
    expect(Number(fromCompany.results[0]!.toObjectId)).toBe(Number(c1));
    expect(fromCompany.results[0]!.associationTypes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'USER_DEFINED', typeId: employee, label: 'Employee' }),
        expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }),
      ]),
    );
    // Set semantics: an empty label set is refused, a new set replaces the custom labels.
    expect((await sdkError(basic(client).create('contacts', c1, 'companies', k1, []))).code).toBe(400);
    const replaced = await basic(client).create('contacts', c1, 'companies', k1, hubspot(279));
    expect(replaced.labels).toEqual([]);
    const auditor = await sdk.client({ accountId: 'as8', roles: ['auditor'] });
    const fromContact = await basic(auditor).getPage('contacts', c1, 'companies');
    expect(fromContact.results[0]!.associationTypes.map((t) => t.typeId)).toEqual([279]);
    expect((await sdkError(basic(auditor).archive('contacts', c1, 'companies', k1))).code).toBe(403);
  });

  it('creates the default association (200, batch-shaped) (scenario 9)', async () => {
    const client = await sdk.client({ accountId: 'as9' });
    const [d1, k1] = [await deal(client), await company(client)];
    const response = await basic(client).createDefault('deals', d1, 'companies', k1);
    expect(response.status).toBe('COMPLETE');
    expect(response.results).toHaveLength(1);
    expect(response.results[0]!._from.id).toBe(d1);
    expect(response.results[0]!.associationSpec).toEqual({
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: 341,
    });
    const page = await basic(client).getPage('deals', d1, 'companies');
    expect(page.results[0]!.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }]);
  });

  it('moves Primary: exactly one company carries typeId 1 (scenario 10)', async () => {
    const client = await sdk.client({ accountId: 'as10' });
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];
    await basic(client).createDefault('contacts', c1, 'companies', k1);
    await basic(client).createDefault('contacts', c1, 'companies', k2);
    await basic(client).create('contacts', c1, 'companies', k1, hubspot(1));
    const moved = await basic(client).create('contacts', c1, 'companies', k2, hubspot(1));
    expect(moved.labels).toEqual(['Primary']);
    const page = await basic(client).getPage('contacts', c1, 'companies');
    const byId = new Map(page.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]));
    expect(byId.get(k1)).toEqual([279]);
    expect(byId.get(k2)).toEqual([1, 279]);
    const k1Side = await basic(client).getPage('companies', k1, 'contacts');
    expect(k1Side.results[0]!.associationTypes.map((t) => t.typeId)).toEqual([280]);
  });

  it('refuses a wrong-direction type, a wrong category and unknown records with 400, writing nothing (scenario 11)', async () => {
    const client = await sdk.client({ accountId: 'as11' });
    const [d1, k1] = [await deal(client), await company(client)];
    const wrong = await sdkError(basic(client).create('deals', d1, 'companies', k1, hubspot(1)));
    expect(wrong.code).toBe(400);
    expect(wrong.body.category).toBe('VALIDATION_ERROR');
    const inverse = await sdkError(basic(client).create('deals', d1, 'companies', k1, hubspot(6)));
    expect(inverse.body.context?.code).toEqual(['WRONG_DIRECTION']);
    expect((await sdkError(basic(client).create('deals', d1, 'companies', k1, user(341)))).code).toBe(400);
    expect((await basic(client).getPage('deals', d1, 'companies')).results).toEqual([]);
    const unknown = await sdkError(basic(client).create('deals', d1, 'companies', '999999', hubspot(341)));
    expect(unknown.code).toBe(400);
    expect(unknown.body.message).toBe('One or more associations are invalid');
    expect(unknown.body.context?.INVALID_OBJECT_IDS).toEqual(['COMPANY=999999 is not valid']);
  });

  it('pages with limit and after; paging only when there are more; archive removes both sides (204)', async () => {
    const client = await sdk.client({ accountId: 'as16' });
    const c1 = await contact(client);
    const companies = [await company(client), await company(client), await company(client)];
    for (const k of companies) await basic(client).createDefault('contacts', c1, 'companies', k);
    const first = await basic(client).getPage('contacts', c1, 'companies', undefined, 2);
    expect(first.results.map((r) => String(r.toObjectId))).toEqual(companies.slice(0, 2));
    const after = first.paging?.next?.after;
    expect(after).toBeDefined();
    const second = await basic(client).getPage('contacts', c1, 'companies', after, 2);
    expect(second.results.map((r) => String(r.toObjectId))).toEqual([companies[2]]);
    expect(second.paging).toBeUndefined();
    await basic(client).archive('contacts', c1, 'companies', companies[0]!);
    expect((await basic(client).getPage('contacts', c1, 'companies')).results).toHaveLength(2);
    expect((await basic(client).getPage('companies', companies[0]!, 'contacts')).results).toEqual([]);
  });

  it('refuses an association over a configured limit, naming the label, limit and record', async () => {
    const client = await sdk.client({ accountId: 'aslim' });
    const { manager } = await managerLabel(client);
    const limits = new DefinitionConfigurationsApi(
      createConfiguration({
        baseServer: new ServerConfiguration(sdk.basePath, {}),
        authMethods: { oauth2: { accessToken: await sdk.token({ accountId: 'aslim' }) } },
      }),
    );
    await limits.batchCreate('contacts', 'companies', {
      inputs: [{ category: 'USER_DEFINED', typeId: manager, maxToObjectIds: 1 } as never],
    });
    const [c1, k1, k2] = [await contact(client), await company(client), await company(client)];
    await basic(client).create('contacts', c1, 'companies', k1, user(manager));
    const over = await sdkError(basic(client).create('contacts', c1, 'companies', k2, user(manager)));
    expect(over.code).toBe(400);
    expect(over.body.message).toContain('"Manager"');
    expect(over.body.message).toContain('the limit is 1');
    expect(over.body.context).toMatchObject({ code: ['ASSOCIATION_LIMIT_EXCEEDED'], recordId: [c1], limit: ['1'] });
  });

  it('refuses to delete a label in use (400 with counts); once the association is gone, deletes it (204)', async () => {
    const client = await sdk.client({ accountId: 'asdel' });
    const { manager } = await managerLabel(client);
    const [c1, k1] = [await contact(client), await company(client)];
    await basic(client).create('contacts', c1, 'companies', k1, user(manager));
    const refused = await sdkError(defs(client).remove('contacts', 'companies', manager));
    expect(refused.code).toBe(400);
    expect(refused.body.context).toMatchObject({ code: ['LABEL_IN_USE'], associations: ['1'] });
    expect((await defs(client).getAll('contacts', 'companies')).results.map((r) => r.typeId)).toContain(manager);
    await basic(client).archive('contacts', c1, 'companies', k1);
    await expect(defs(client).remove('contacts', 'companies', manager)).resolves.toBeUndefined();
  });
});
