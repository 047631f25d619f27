import type { Pool } from 'pg';

/** Forward-only schema migrations, applied in order at start-up under an advisory lock (one migrator at a time). */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: `
      CREATE TABLE events (
        position       bigint      PRIMARY KEY,
        transaction_id xid8        NOT NULL,
        event_id       uuid        NOT NULL UNIQUE,
        stream         text        NOT NULL,
        revision       bigint      NOT NULL,
        type           text        NOT NULL,
        data           json        NOT NULL,
        metadata       json        NOT NULL,
        account_id     text        NOT NULL,
        category       text        NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream, revision)
      );
      CREATE INDEX events_account_position ON events (account_id, position);
      CREATE TABLE streams (
        stream   text   PRIMARY KEY,
        revision bigint NOT NULL
      );`,
  },
  {
    version: 2,
    name: 'data keys (crypto-shredding)',
    sql: `
      CREATE TABLE data_keys (
        account_id   text        NOT NULL,
        name         text        NOT NULL,
        key          bytea,
        destroyed_at timestamptz,
        PRIMARY KEY (account_id, name)
      );`,
  },
  {
    version: 3,
    name: 'snapshots of long streams',
    sql: `
      CREATE TABLE snapshots (
        stream   text   NOT NULL,
        name     text   NOT NULL,
        revision bigint NOT NULL,
        state    text   NOT NULL,
        PRIMARY KEY (stream, name)
      );`,
  },
];

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid PostgreSQL schema name '${name}'`);
  return `"${name}"`;
}

export async function migrate(pool: Pool, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${schema}.migrations`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
    const applied = new Set(rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${s}`);
        await client.query(m.sql);
        await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}.migrations`]).catch(() => undefined);
    client.release();
  }
}
