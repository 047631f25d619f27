import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

describe('association labels through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  it('lists the HubSpot-defined types of a fresh account (scenario 1, 2)', async () => {
    const client = await sdk.client({ accountId: 'fresh1', roles: ['user'] });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const { results } = await defs.getAll('contacts', 'companies');
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }),
        expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }),
      ]),
    );
    expect(results.filter((r) => r.category === 'USER_DEFINED')).toEqual([]);
    expect((await defs.getAll('contact', 'company')).results).toEqual(results);
    expect((await defs.getAll('0-1', '0-2')).results).toEqual(results);
  });

  it('creates a paired label, answering 200 with both directions (scenario 3)', async () => {
    const client = await sdk.client({ accountId: 'a3' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    const created = await defs.create('contacts', 'companies', {
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'manager_employee',
    });
    expect(created.results).toHaveLength(2);
    const manager = created.results.find((r) => r.label === 'Manager')!;
    const employee = created.results.find((r) => r.label === 'Employee')!;
    expect(manager.typeId).toBeGreaterThanOrEqual(1000);
    expect(employee.typeId).not.toBe(manager.typeId);
    const forward = await defs.getAll('contacts', 'companies');
    expect(forward.results).toContainEqual(expect.objectContaining({ typeId: manager.typeId, label: 'Manager' }));
    const inverse = await defs.getAll('companies', 'contacts');
    expect(inverse.results).toContainEqual(expect.objectContaining({ typeId: employee.typeId, label: 'Employee' }));
    void AssociationSpecAssociationCategoryEnum;
  });

  it('refuses a bad internal name with 400 VALIDATION_ERROR (scenario 5)', async () => {
    const client = await sdk.client({ accountId: 'a5' });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    for (const name of ['billing-contact', '1billing']) {
      const { code, body } = await sdkError(defs.create('deals', 'contacts', { label: 'Billing contact', name }));
      expect(code).toBe(400);
      expect(body.category).toBe('VALIDATION_ERROR');
    }
  });
});
