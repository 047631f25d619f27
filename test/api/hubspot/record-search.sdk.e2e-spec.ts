import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum as Op } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/objects/models/PublicObjectSearchRequest';
import { ObjectTypePropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/schemas/models/ObjectTypePropertyCreate';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

type Filter = { propertyName: string; operator: Op; value?: string; values?: string[] };
const where = (...filters: Filter[]): PublicObjectSearchRequest => ({ filterGroups: [{ filters }] });

/** hubspot-v4-api.md §2.5: POST /crm/v3/objects/{objectType}/search through `searchApi.doSearch`. */
describe('record search through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  let client: Client;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    sdk = await startSdkApp();
    client = await sdk.client({ accountId: 'search1', roles: ['user'] });
    const people: Record<string, string>[] = [
      { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', city: 'London', age: '36' },
      { firstname: 'Bo', lastname: 'Diddley', email: 'bo@example.org', city: 'Chicago', age: '9' },
      { firstname: 'Cy', lastname: 'Young', email: 'cy@example.com', age: '100' },
      { firstname: 'Adam', lastname: 'Smith', email: 'adam@example.net', city: 'london' },
      { firstname: 'Gone', email: 'gone@example.com', city: 'London' },
    ];
    const created = await client.crm.contacts.batchApi.create({ inputs: people.map((properties) => ({ properties })) });
    for (const r of created.results) ids[r.properties.firstname!] = r.id;
    await client.crm.contacts.basicApi.archive(ids.Gone!);
  });
  afterAll(() => sdk.close());

  const search = (request: PublicObjectSearchRequest) => client.crm.contacts.searchApi.doSearch(request);
  const names = async (request: PublicObjectSearchRequest) =>
    (await search(request)).results.map((r) => r.properties.firstname);

  it('answers every live contact with total and the default properties when nothing is asked', async () => {
    const page = await search({});
    expect(page.total).toBe(4);
    expect(page.paging).toBeUndefined();
    expect(page.results.map((r) => r.id)).toEqual([ids.Ada, ids.Bo, ids.Cy, ids.Adam]);
    expect(Object.keys(page.results[0]!.properties).sort()).toEqual(
      ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'].sort(),
    );
  });

  it('filters with EQ, NEQ, IN, NOT_IN, HAS_PROPERTY and NOT_HAS_PROPERTY', async () => {
    expect(await names(where({ propertyName: 'city', operator: Op.Eq, value: 'LONDON' }))).toEqual(['Ada', 'Adam']);
    expect(await names(where({ propertyName: 'city', operator: Op.Neq, value: 'london' }))).toEqual(['Bo', 'Cy']);
    expect(await names(where({ propertyName: 'age', operator: Op.In, values: ['9', '100'] }))).toEqual(['Bo', 'Cy']);
    expect(await names(where({ propertyName: 'age', operator: Op.NotIn, values: ['9'] }))).toEqual([
      'Ada',
      'Cy',
      'Adam',
    ]);
    expect(await names(where({ propertyName: 'city', operator: Op.HasProperty }))).toEqual(['Ada', 'Bo', 'Adam']);
    expect(await names(where({ propertyName: 'city', operator: Op.NotHasProperty }))).toEqual(['Cy']);
    expect(await names(where({ propertyName: 'hs_object_id', operator: Op.Eq, value: ids.Cy! }))).toEqual(['Cy']);
  });

  it('ANDs the filters of a group and ORs the groups', async () => {
    const and = where(
      { propertyName: 'city', operator: Op.Eq, value: 'london' },
      { propertyName: 'age', operator: Op.HasProperty },
    );
    expect(await names(and)).toEqual(['Ada']);
    const or = {
      filterGroups: [
        { filters: [{ propertyName: 'firstname', operator: Op.Eq, value: 'bo' }] },
        { filters: [{ propertyName: 'lastname', operator: Op.Eq, value: 'young' }] },
      ],
    };
    expect(await names(or)).toEqual(['Bo', 'Cy']);
  });

  it('matches query case-insensitively within firstname, lastname and email only', async () => {
    expect(await names({ query: 'ad' })).toEqual(['Ada', 'Adam']);
    expect(await names({ query: 'LOVE' })).toEqual(['Ada']);
    expect(await names({ query: 'example.org' })).toEqual(['Bo']);
    expect(await names({ query: 'chicago' })).toEqual([]);
    expect(await names({ query: 'ad', ...where({ propertyName: 'city', operator: Op.Eq, value: 'London' }) })).toEqual([
      'Ada',
      'Adam',
    ]);
  });

  it('sorts, selects properties and pages with an opaque after until the total is read', async () => {
    const sorted = await search({
      sorts: [{ propertyName: 'age', direction: 'DESCENDING' }] as never,
      properties: ['age'],
    });
    expect(sorted.results.map((r) => r.properties.age)).toEqual(['100', '36', '9', null]);
    expect(Object.keys(sorted.results[0]!.properties).sort()).toEqual(
      ['age', 'createdate', 'hs_object_id', 'lastmodifieddate'].sort(),
    );
    expect((await names({ sorts: ['firstname'] })).reverse()).toEqual(await names({ sorts: ['-firstname'] }));

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await search({ limit: 3, after, sorts: ['lastname'] });
      expect(page.total).toBe(4);
      seen.push(...page.results.map((r) => r.properties.lastname!));
      after = page.paging?.next?.after;
      pages += 1;
    } while (after !== undefined);
    expect([pages, seen]).toEqual([2, ['Diddley', 'Lovelace', 'Smith', 'Young']]);
  });

  it('refuses unsupported operators, bad limits and too many filters with a 400 naming the problem', async () => {
    const gt = await sdkError(search(where({ propertyName: 'age', operator: Op.Gt, value: '10' })));
    expect(gt.code).toBe(400);
    expect(gt.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(gt.body.message).toMatch(/"GT" is not supported; use one of EQ, NEQ, IN, NOT_IN, HAS_PROPERTY/);
    expect((await sdkError(search({ limit: 201 }))).body.message).toMatch(/limit must be an integer from 1 to 200/);
    expect((await sdkError(search({ after: 'page-2' }))).code).toBe(400);
    const filter = { propertyName: 'age', operator: Op.HasProperty };
    const groups = Array.from({ length: 6 }, () => ({ filters: [filter] }));
    expect((await sdkError(search({ filterGroups: groups }))).body.message).toMatch(/at most 5 filterGroups/);
    expect((await sdkError(search(where(...Array.from({ length: 7 }, () => filter))))).code).toBe(400);
    expect((await sdkError(search(where({ propertyName: 'age', operator: Op.Eq })))).body.message).toMatch(
      /needs a value/,
    );
    expect((await sdkError(client.crm.objects.searchApi.doSearch('nothings', {}))).code).toBe(400);
  });

  it("searches each type's display properties, custom objects included, through crm.objects for an auditor", async () => {
    const admin = await sdk.client({ accountId: 'search2' });
    const auditor = await sdk.client({ accountId: 'search2', roles: ['auditor'] });
    await admin.crm.companies.batchApi.create({
      inputs: [{ properties: { name: 'Acme', domain: 'acme.com' } }, { properties: { name: 'Zed', domain: 'z.io' } }],
    });
    await admin.crm.deals.basicApi.create({ properties: { dealname: 'Big deal', pipeline: 'acme' } });
    await admin.crm.tickets.basicApi.create({ properties: { subject: 'Printer on fire', content: 'acme' } });
    const schema = await admin.crm.schemas.coreApi.create({
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
    const objectTypeId = schema.objectTypeId!;
    await admin.crm.objects.batchApi.create(objectTypeId, {
      inputs: [{ properties: { model: 'Acme Roadster', make: 'Tesla' } }, { properties: { model: 'T', make: 'Acme' } }],
    });

    const found = async (type: string, query: string, property: string) =>
      (await auditor.crm.objects.searchApi.doSearch(type, { query, properties: [property] })).results.map(
        (r) => r.properties[property],
      );
    expect(await found('companies', 'acme', 'name')).toEqual(['Acme']);
    expect(await found('companies', 'Z.IO', 'name')).toEqual(['Zed']);
    expect(await found('deals', 'big', 'dealname')).toEqual(['Big deal']);
    expect(await found('deals', 'acme', 'dealname')).toEqual([]);
    expect(await found('0-5', 'fire', 'subject')).toEqual(['Printer on fire']);
    expect(await found(objectTypeId, 'acme', 'model')).toEqual(['Acme Roadster']);
    const byMake = await auditor.crm.objects.searchApi.doSearch(objectTypeId, {
      ...where({ propertyName: 'make', operator: Op.Eq, value: 'acme' }),
      properties: ['model'],
    });
    expect(byMake.results.map((r) => r.properties.model)).toEqual(['T']);
    const unknown = await sdkError(
      auditor.crm.objects.searchApi.doSearch(objectTypeId, where({ propertyName: 'colour', operator: Op.HasProperty })),
    );
    expect([unknown.code, unknown.body.message]).toEqual([400, expect.stringMatching(/"colour" does not exist/)]);
  });
});
