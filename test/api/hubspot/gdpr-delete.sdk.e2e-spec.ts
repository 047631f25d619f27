import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

/** The SDK's GDPR purge (crm.contacts.basicApi.purge → POST /crm/v3/objects/contacts/gdpr-delete, 204). */
describe('GDPR delete through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  it('purges a contact by id and by email; it is gone for reads and its email is free again', async () => {
    const admin = await sdk.client({ accountId: 'gdpr1' });
    const contacts = admin.crm.contacts;
    const byId = (await contacts.basicApi.create({ properties: { email: 'one@example.org', firstname: 'One' } })).id;
    const byEmail = (await contacts.basicApi.create({ properties: { email: 'two@example.org' } })).id;

    await expect(contacts.basicApi.purge({ objectId: byId })).resolves.toBeUndefined();
    await expect(
      contacts.basicApi.purge({ objectId: 'two@example.org', idProperty: 'email' }),
    ).resolves.toBeUndefined();

    for (const id of [byId, byEmail]) expect((await sdkError(contacts.basicApi.getById(id))).code).toBe(404);
    expect(
      (await sdkError(contacts.basicApi.getById('one@example.org', undefined, undefined, undefined, false, 'email')))
        .code,
    ).toBe(404);
    const again = await contacts.basicApi.create({ properties: { email: 'one@example.org' } });
    expect(again.id).not.toBe(byId);
  });

  it('refuses users (403) and unknown records (404)', async () => {
    const user = await sdk.client({ accountId: 'gdpr2', roles: ['user'] });
    const admin = await sdk.client({ accountId: 'gdpr2' });
    const id = (await admin.crm.contacts.basicApi.create({ properties: {} })).id;
    expect((await sdkError(user.crm.contacts.basicApi.purge({ objectId: id }))).code).toBe(403);
    expect((await sdkError(admin.crm.contacts.basicApi.purge({ objectId: '424242' }))).code).toBe(404);
    await expect(admin.crm.contacts.basicApi.getById(id)).resolves.toMatchObject({ id });
  });
});
