import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { bootTestApp } from '../support/test-app';
import { describeAssociationLimitRaces } from './association-limit-races.suite';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `association_races_${process.pid}`;

/** Two app instances, each with its own pool on one PostgreSQL schema: two api processes in miniature. */
describeAssociationLimitRaces('postgres', async () => {
  const admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  const stores = [
    await PostgresEventStore.create({ connectionString: url, schema, pollIntervalMs: 50 }),
    await PostgresEventStore.create({ connectionString: url, schema, pollIntervalMs: 50 }),
  ];
  const apps = await Promise.all(stores.map((eventStore) => bootTestApp({ eventStore })));
  const reader = await PostgresEventStore.create({ connectionString: url, schema });
  return {
    apps,
    store: reader,
    close: async () => {
      await Promise.all(apps.map((app) => app.close()));
      await reader.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
});
