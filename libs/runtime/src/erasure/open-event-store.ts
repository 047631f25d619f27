import { erasedValueOf, keyErasedBy, personalDataOf } from '@app/domain';
import { createEventStore, type DataKeyStore, type EventStore, type EventStoreConfig } from '@app/event-store';
import { SealingEventStore, type SealingOptions, type SealingPolicy } from './sealing-event-store';

/** The domain's map of personal data (libs/domain/src/records/personal-data.ts). */
export const PERSONAL_DATA_POLICY: SealingPolicy = { personalDataOf, keyErasedBy, erasedValueOf };

/**
 * An adapter with record personal data sealed (ADR 0007): every process opens its store through this, so api,
 * projector and CLI read and write the same sealed form. `keys` defaults to the adapter's own key table.
 */
export function sealPersonalData(store: EventStore, keys?: DataKeyStore, options?: SealingOptions): EventStore {
  if (store instanceof SealingEventStore) return store;
  const dataKeys = keys ?? store.dataKeys?.();
  if (dataKeys === undefined) {
    throw new Error(`The '${store.name}' event store keeps no data keys; give it a key store (DATABASE_URL)`);
  }
  return new SealingEventStore(store, dataKeys, PERSONAL_DATA_POLICY, options);
}

/**
 * The configured adapter, sealed. KurrentDB has no table for keys: they live in PostgreSQL (DATABASE_URL), in the
 * `data_keys` table of the same schema the PostgreSQL adapter would use.
 */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  const store = await createEventStore(config);
  if (store.dataKeys !== undefined) return sealPersonalData(store);
  if (!config.databaseUrl) {
    await store.close();
    throw new Error(
      `DATABASE_URL is required with EVENT_STORE=${config.kind}: record data keys are kept in PostgreSQL`,
    );
  }
  const keyStore = await createEventStore({ kind: 'postgres', databaseUrl: config.databaseUrl });
  return sealPersonalData(store, keyStore.dataKeys!(), { alsoClose: keyStore });
}
