import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { bootTestApp } from './test-app';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Two app instances, each with its own connection pool on one fresh PostgreSQL schema — two api processes in
 * miniature — plus a third store to read the log with. `close` drops the schema.
 */
export async function twoAppsOnPostgres(
  schema: string,
): Promise<{ apps: NestFastifyApplication[]; store: EventStore; close(): Promise<void> }> {
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
}
