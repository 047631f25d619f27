import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { linksStream, type RecordArchived } from '@app/domain';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { MemoryReadModelStore } from '@app/read-models';
import { ArchiveCascade } from '@app/runtime';
import pino from 'pino';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';
import { until } from '../support/until';

/** hubspot-v4-api.md §8 scenario 25: archiving a record removes its associations on both sides, usage drops. */
describe('the archive cascade', () => {
  let sdk: SdkApp;
  let store: MemoryEventStore;
  beforeAll(async () => {
    store = new MemoryEventStore();
    sdk = await startSdkApp({ eventStore: store });
  });
  afterAll(() => sdk.close());

  const manager = async (admin: Client) =>
    (
      await admin.crm.associations.v4.schema.definitionsApi.create('contacts', 'companies', {
        label: 'Manager',
        name: 'mgr',
      })
    ).results[0]!.typeId;

  it('removes an archived contact from its companies (both sides) and frees the label for deletion', async () => {
    const admin = await sdk.client({ accountId: 'cascade1' });
    const typeId = await manager(admin);
    const c1 = (await admin.crm.contacts.basicApi.create({ properties: {} })).id;
    const k1 = (await admin.crm.companies.basicApi.create({ properties: {} })).id;
    const k2 = (await admin.crm.companies.basicApi.create({ properties: {} })).id;
    const basic = admin.crm.associations.v4.basicApi;
    await basic.create('contacts', c1, 'companies', k1, [
      { associationCategory: Category.UserDefined, associationTypeId: typeId },
    ]);
    await basic.createDefault('contacts', c1, 'companies', k2);
    const inUse = await sdkError(
      admin.crm.associations.v4.schema.definitionsApi.remove('contacts', 'companies', typeId),
    );
    expect(inUse.code).toBe(400);

    await admin.crm.contacts.basicApi.archive(c1);
    for (const k of [k1, k2]) {
      await until(
        () => basic.getPage('companies', k, 'contacts'),
        (page) => page.results.length === 0,
        { what: `company ${k} no longer lists the archived contact` },
      );
    }
    const removed = (await store.readStream(linksStream('cascade1', '0-2', k1))).at(-1)!;
    expect(removed).toMatchObject({ type: 'AssociationRemoved', data: { reason: 'RECORD_ARCHIVED' } });
    await until(
      () => admin.crm.associations.v4.schema.definitionsApi.remove('contacts', 'companies', typeId).then(() => true),
      (deleted) => deleted,
      { what: 'the label becomes deletable once its usage dropped' },
    );
  });

  it('is idempotent: running an archive again (a crash before its checkpoint) appends nothing new', async () => {
    const admin = await sdk.client({ accountId: 'cascade2' });
    const c1 = (await admin.crm.contacts.basicApi.create({ properties: {} })).id;
    const k1 = (await admin.crm.companies.basicApi.create({ properties: {} })).id;
    await admin.crm.associations.v4.basicApi.createDefault('contacts', c1, 'companies', k1);
    await admin.crm.contacts.basicApi.archive(c1);
    await until(
      () => store.readStream(linksStream('cascade2', '0-2', k1)),
      (events) => events.at(-1)?.type === 'AssociationRemoved',
      { what: 'the cascade removed the pair' },
    );
    const archived = (await store.readAll()).find(
      (e) => e.type === 'RecordArchived' && e.metadata.accountId === 'cascade2',
    ) as RecordedEvent<RecordArchived['data']>;
    const head = await store.headPosition();
    const again = new ArchiveCascade(store, new MemoryReadModelStore(), { logger: pino({ level: 'silent' }) });
    expect(await again.handle(archived)).toBe(0);
    expect(await store.headPosition()).toBe(head);
  });
});
