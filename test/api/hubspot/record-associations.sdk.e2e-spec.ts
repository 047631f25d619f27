import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/deals/models/AssociationSpec';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

describe('records created and read with associations through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  const hubspot = (associationTypeId: number) => [{ associationCategory: Category.HubspotDefined, associationTypeId }];
  const contact = async (client: Client) => (await client.crm.contacts.basicApi.create({ properties: {} })).id;
  const company = async (client: Client) => (await client.crm.companies.basicApi.create({ properties: {} })).id;

  it('creates a deal associated with a contact (201) and lists it under associations.contacts (scenario 22)', async () => {
    const client = await sdk.client({ accountId: 'ra22' });
    const c1 = await contact(client);
    const created = await client.crm.deals.basicApi.create({
      properties: { dealname: 'x' },
      associations: [{ to: { id: c1 }, types: hubspot(3) }],
    });
    expect(created.properties.dealname).toBe('x');
    const read = await client.crm.deals.basicApi.getById(created.id, undefined, undefined, ['contacts']);
    expect(read.associations!.contacts!.results).toEqual([{ id: c1, type: 'deal_to_contact' }]);
    // Two-way: the contact side lists the deal with the inverse type.
    const fromContact = await client.crm.contacts.basicApi.getById(c1, undefined, undefined, ['deals', 'companies']);
    expect(fromContact.associations).toEqual({ deals: { results: [{ id: created.id, type: 'contact_to_deal' }] } });
    // No associations asked, none shown.
    expect((await client.crm.deals.basicApi.getById(created.id)).associations).toBeUndefined();
  });

  it('sets Primary on create: the company is listed as contact_to_company and contact_to_company_unlabeled', async () => {
    const client = await sdk.client({ accountId: 'ra_primary' });
    const k1 = await company(client);
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'primary@example.com' },
      associations: [{ to: { id: k1 }, types: hubspot(1) }],
    });
    const read = await client.crm.objects.basicApi.getById('contacts', created.id, undefined, undefined, ['companies']);
    expect(read.associations!.companies!.results).toEqual(
      expect.arrayContaining([
        { id: k1, type: 'contact_to_company' },
        { id: k1, type: 'contact_to_company_unlabeled' },
      ]),
    );
    expect(read.associations!.companies!.results).toHaveLength(2);
    const v4 = await client.crm.associations.v4.basicApi.getPage('contacts', created.id, 'companies');
    expect(v4.results[0]!.associationTypes.map((t) => t.typeId).sort((a, b) => a - b)).toEqual([1, 279]);
    // The list route carries them too.
    const page = await client.crm.contacts.basicApi.getPage(10, undefined, undefined, undefined, ['companies']);
    expect(page.results.find((r) => r.id === created.id)!.associations!.companies!.results).toHaveLength(2);
  });

  it('refuses an unknown to-record or typeId (400) and creates nothing', async () => {
    const client = await sdk.client({ accountId: 'ra_invalid' });
    const c1 = await contact(client);
    const before = (await client.crm.deals.basicApi.getPage(100)).results.length;
    const unknownRecord = await sdkError(
      client.crm.deals.basicApi.create({
        properties: { dealname: 'y' },
        associations: [{ to: { id: '999999' }, types: hubspot(3) }],
      }),
    );
    expect(unknownRecord.code).toBe(400);
    expect(JSON.stringify(unknownRecord.body)).toContain('INVALID_OBJECT_IDS');
    const unknownType = await sdkError(
      client.crm.deals.basicApi.create({
        properties: { dealname: 'z' },
        associations: [{ to: { id: c1 }, types: hubspot(424242) }],
      }),
    );
    expect(unknownType.code).toBe(400);
    expect(JSON.stringify(unknownType.body)).toContain('424242');
    // A typeId of the other direction (contact → deal) is not one from deals.
    const wrongDirection = await sdkError(
      client.crm.deals.basicApi.create({ properties: {}, associations: [{ to: { id: c1 }, types: hubspot(4) }] }),
    );
    expect(wrongDirection.code).toBe(400);
    const noTypes = await sdkError(
      client.crm.deals.basicApi.create({ properties: {}, associations: [{ to: { id: c1 }, types: [] }] }),
    );
    expect(noTypes.code).toBe(400);
    expect((await client.crm.deals.basicApi.getPage(100)).results).toHaveLength(before);
  });
});
