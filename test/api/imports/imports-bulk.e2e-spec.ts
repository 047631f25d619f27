import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, signToken } from '../support/test-app';
import { importClient, importDir } from './import-support';

const ROWS = 10_000;
const CONTACTS = ROWS / 5;
const COMPANIES = 200;

type Kind =
  | 'UNKNOWN_LABEL'
  | 'LABEL_WRONG_DIRECTION'
  | 'INVALID_INPUT'
  | 'TOO_MANY_COLUMNS'
  | 'INVALID_RECORD_ID'
  | 'LABEL_LIMIT';

/**
 * Issue 8 tests: a 10,000-row file with 3% bad rows of every kind → exactly those rows reported (line and reason),
 * every good row applied, through the same commands as the API.
 */
describe('importing 10,000 rows with 3% bad ones', () => {
  let app: NestFastifyApplication;
  let token: string;
  beforeAll(async () => {
    app = await bootTestApp({ env: { IMPORT_DIR: importDir() } });
    token = await signToken({ sub: 'bulk', accountId: 'bulk', roles: ['super_admin'] });
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as Record<string, unknown>,
    });
    return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
  };
  /** Records with a unique value each (their ids by that value's order), created 100 per batch. */
  const createRecords = async (type: string, count: number, property: string, value: (i: number) => string) => {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 100) {
      const values = Array.from({ length: Math.min(100, count - start) }, (_, i) => value(start + i));
      const created = await call('POST', `/crm/v3/objects/${type}/batch/create`, {
        inputs: values.map((v) => ({ properties: { [property]: v } })),
      });
      expect(created.status).toBe(201);
      const results = created.body.results as { id: string; properties: Record<string, string> }[];
      const byValue = new Map(results.map((r) => [r.properties[property], r.id]));
      for (const v of values) ids.push(byValue.get(v)!);
    }
    return ids;
  };

  it('reports exactly the bad rows and applies every good one', async () => {
    const contacts = await createRecords('contacts', CONTACTS, 'email', (i) => `b${i}@bulk.example`);
    const companies = await createRecords('companies', COMPANIES, 'domain', (i) => `k${i}.bulk.example`);
    const label = async (body: Record<string, string>) =>
      expect((await call('POST', '/crm/v4/associations/contacts/companies/labels', body)).status).toBe(200);
    await label({ name: 'decision_maker', label: 'Decision maker' });
    await label({ name: 'manager', label: 'Manager', inverseLabel: 'Employee', inverseName: 'employee' });
    await label({ name: 'owner', label: 'Owner' });
    const catalogue = await call('GET', '/crm/v4/associations/contacts/companies/labels');
    const owner = (catalogue.body.results as { typeId: number; label: string }[]).find(
      (r) => r.label === 'Owner',
    )!.typeId;
    const limited = await call(
      'POST',
      '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create',
      {
        inputs: [{ category: 'USER_DEFINED', typeId: owner, maxToObjectIds: 1 }],
      },
    );
    expect(limited.status).toBe(201);

    const goodLabels = ['Decision maker', 'manager', 'Decision maker; Manager', '', 'DECISION MAKER'];
    const texts: Record<string, string> = { 'decision maker': 'Decision maker', manager: 'Manager' };
    const lines: string[] = ['from_id,to_id,labels'];
    const expectedErrors: [number, Kind][] = [];
    const expected = new Map<string, Map<string, string[]>>();
    const rowOf = (r: number) => ({
      contact: contacts[Math.floor(r / 5)]!,
      company: companies[(Math.floor(r / 5) * 5 + (r % 5)) % COMPANIES]!,
    });
    const kinds: Kind[] = [
      'UNKNOWN_LABEL',
      'LABEL_WRONG_DIRECTION',
      'INVALID_INPUT',
      'TOO_MANY_COLUMNS',
      'INVALID_RECORD_ID',
      'LABEL_LIMIT',
    ];
    const bad = new Map<number, Kind>();
    let n = 0;
    for (let r = 0; r < ROWS; r++) {
      if ([7, 40, 73].includes(r % 100)) bad.set(r, r % 100 === 40 ? kinds[n++ % 5]! : kinds[n++ % 6]!);
    }
    for (let r = 0; r < ROWS; r++) {
      const { contact, company } = rowOf(r);
      const kind = bad.get(r);
      let cells = `${contact},${company},${goodLabels[r % goodLabels.length]}`;
      if (bad.get(r + 1) === 'LABEL_LIMIT') cells = `${contact},${company},Owner`;
      switch (kind) {
        case 'UNKNOWN_LABEL':
          cells = `${contact},${company},Nope`;
          break;
        case 'LABEL_WRONG_DIRECTION':
          cells = `${contact},${company},Employee`;
          break;
        case 'INVALID_INPUT':
          cells = `9999999999,${company},Manager`;
          break;
        case 'TOO_MANY_COLUMNS':
          cells = `${contact},${company},Manager,extra`;
          break;
        case 'INVALID_RECORD_ID':
          cells = `x${contact},${company},Manager`;
          break;
        case 'LABEL_LIMIT':
          cells = `${contact},${company},Owner`;
          break;
        case undefined: {
          const [, , labelCell] = cells.split(',');
          const names = labelCell!
            .split(';')
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean);
          const wanted = names.map((l) => texts[l] ?? 'Owner').sort();
          if (!expected.has(contact)) expected.set(contact, new Map());
          expected.get(contact)!.set(company, wanted);
        }
      }
      if (kind) expectedErrors.push([r + 2, kind]);
      lines.push(cells);
    }
    expect(expectedErrors).toHaveLength(ROWS * 0.03);

    const client = importClient(app, token);
    const started = Date.now();
    const response = await client.upload(
      { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'bulk-1' },
      { name: 'bulk.csv', content: `${lines.join('\r\n')}\r\n` },
    );
    expect(response.statusCode).toBe(202);
    const done = await client.completed('bulk-1', 240_000);
    process.stderr.write(`imported ${ROWS} rows in ${Date.now() - started} ms\n`);
    expect(done).toMatchObject({ totalRows: ROWS, processedRows: ROWS, appliedRows: ROWS - 300, rejectedRows: 300 });

    const errors = await client.errors('bulk-1');
    expect(
      errors
        .slice(1)
        .map(([line, code]) => [Number(line), code === 'ASSOCIATION_LIMIT_EXCEEDED' ? 'LABEL_LIMIT' : code]),
    ).toEqual(expectedErrors);
    for (const row of errors.slice(1)) expect(row[2]!.length).toBeGreaterThan(10);

    const actual = new Map<string, Map<string, string[]>>();
    for (let start = 0; start < contacts.length; start += 1000) {
      const read = await call('POST', '/crm/v4/associations/contacts/companies/batch/read', {
        inputs: contacts.slice(start, start + 1000).map((id) => ({ id })),
      });
      for (const result of read.body.results as {
        from: { id: string };
        to: { toObjectId: number; associationTypes: { label: string | null }[] }[];
      }[]) {
        const pairs = new Map<string, string[]>();
        for (const to of result.to)
          pairs.set(
            String(to.toObjectId),
            to.associationTypes.flatMap((t) => (t.label === null ? [] : [t.label])).sort(),
          );
        actual.set(result.from.id, pairs);
      }
    }
    expect(actual).toEqual(expected);
  }, 300_000);
});
