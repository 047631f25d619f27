import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';
import { importClient, importDir } from './import-support';

/** Issue 8 items 1–4: the import routes, their 400s, the parser's edge cases, label resolution, set/add, re-runs. */
describe('CSV import of labeled associations', () => {
  let app: NestFastifyApplication;
  let store: EventStore;
  let token: string;
  const ACCOUNT = 'imp';

  beforeAll(async () => {
    app = await bootTestApp({ env: { IMPORT_DIR: importDir(), IMPORT_MAX_BYTES: '4096', IMPORT_BATCH_ROWS: '3' } });
    store = app.get<EventStore>(EVENT_STORE);
    token = await signToken({ sub: 'importer', accountId: ACCOUNT, roles: ['super_admin'] });
  });
  afterAll(() => app.close());

  const headers = () => ({ authorization: `Bearer ${token}` });
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, headers: headers(), payload: payload as Record<string, unknown> });
    return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
  };
  const createRecords = async (type: string, properties: Record<string, string>[]) => {
    const created = await call('POST', `/crm/v3/objects/${type}/batch/create`, {
      inputs: properties.map((p) => ({ properties: p })),
    });
    expect(created.status).toBe(201);
    const results = created.body.results as { id: string; properties: Record<string, string> }[];
    return properties.map((p) => results.find((r) => Object.entries(p).every(([k, v]) => r.properties[k] === v))!.id);
  };
  const createLabel = async (body: Record<string, string>) => {
    const created = await call('POST', '/crm/v4/associations/contacts/companies/labels', body);
    expect(created.status).toBe(200);
    const results = created.body.results as { typeId: number; label: string }[];
    return results.find((r) => r.label === body.label)!.typeId;
  };
  /** The contact's labels towards each company, as the v4 API reads them (texts, sorted). */
  const labelsOf = async (contactId: string): Promise<Record<string, string[]>> => {
    const page = await call('GET', `/crm/v4/objects/contacts/${contactId}/associations/companies`);
    const results = page.body.results as { toObjectId: number; associationTypes: { label: string | null }[] }[];
    return Object.fromEntries(
      results.map((r) => [
        String(r.toObjectId),
        r.associationTypes
          .map((t) => t.label)
          .filter((l): l is string => l !== null)
          .sort(),
      ]),
    );
  };
  const importsOfAccount = async () =>
    (await store.readAll({ filter: { accountId: ACCOUNT } })).filter((e) => e.streamName.startsWith('import-'));

  describe('a file that cannot be imported is a 400 before anything is written', () => {
    const fields = { fromObjectType: 'contacts', toObjectType: 'companies' };
    it.each([
      ['an empty file', '', /empty/],
      ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff]), /not a CSV file/],
      ['a header without rows', 'from_id,to_id,labels\r\n', /no rows/],
      ['a file without the labels column', 'from_id,to_id\r\n1,2\r\n', /lacks the column labels/],
      ['a file without a from column', 'contact,to_id,labels\r\n1,2,x\r\n', /lacks the column from_email/],
      ['a file above IMPORT_MAX_BYTES', `from_id,to_id,labels\r\n${'1,2,Boss\r\n'.repeat(600)}`, /IMPORT_MAX_BYTES/],
    ])('%s', async (_what, content, message) => {
      const before = await store.headPosition();
      const response = await importClient(app, token).upload(fields, { name: 'f.csv', content });
      const body = expectHubSpotError(response, 400, 'VALIDATION_ERROR');
      expect(body.message).toMatch(message);
      expect(await store.headPosition()).toBe(before);
    });

    it('a request that is not multipart, has no file, or names an unknown object type', async () => {
      const notMultipart = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...headers(), 'content-type': 'application/json' },
        payload: { file: 'x' },
      });
      expect(expectHubSpotError(notMultipart, 400, 'VALIDATION_ERROR').message).toMatch(/multipart\/form-data/);
      const client = importClient(app, token);
      expect(expectHubSpotError(await client.upload(fields), 400, 'VALIDATION_ERROR').message).toMatch(/no file/);
      const unknownType = await client.upload(
        { fromObjectType: 'widgets', toObjectType: 'companies' },
        { name: 'f.csv', content: 'from_id,to_id,labels\r\n1,2,x\r\n' },
      );
      expect(unknownType.statusCode).toBe(400);
      const badMode = await client.upload(
        { ...fields, mode: 'merge' },
        { name: 'f.csv', content: 'from_id,to_id,labels\n1,2,\n' },
      );
      expect(expectHubSpotError(badMode, 400, 'VALIDATION_ERROR').message).toMatch(/mode/);
      expect(await importsOfAccount()).toEqual([]);
    });

    it('a malformed multipart body or a raw CSV body is a 4xx, never a 5xx', async () => {
      const garbage = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...headers(), 'content-type': 'multipart/form-data; boundary=xyz' },
        payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nfrom_id,to',
      });
      expect(expectHubSpotError(garbage, 400, 'VALIDATION_ERROR').message).toMatch(/multipart/);
      const raw = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...headers(), 'content-type': 'text/csv' },
        payload: 'from_id,to_id,labels\n1,2,x\n',
      });
      expect(raw.statusCode).toBeGreaterThanOrEqual(400);
      expect(raw.statusCode).toBeLessThan(500);
      expect(await importsOfAccount()).toEqual([]);
    });

    it('only writers import, and an unknown import is a 404', async () => {
      const auditor = await signToken({ sub: 'a', accountId: ACCOUNT, roles: ['auditor'] });
      const refused = await importClient(app, auditor).upload(fields, {
        name: 'f.csv',
        content: 'from_id,to_id,labels\n1,2,\n',
      });
      expect(refused.statusCode).toBe(403);
      const missing = await app.inject({ method: 'GET', url: '/api/v1/imports/nope', headers: headers() });
      expectHubSpotError(missing, 404, 'OBJECT_NOT_FOUND');
    });
  });

  describe('reading rows and labels', () => {
    let contacts: string[];
    let companies: string[];
    beforeAll(async () => {
      contacts = await createRecords(
        'contacts',
        [1, 2, 3, 4, 5, 6].map((i) => ({ email: `c${i}@imp.example` })),
      );
      companies = await createRecords(
        'companies',
        [1, 2, 3].map((i) => ({ domain: `k${i}.imp.example` })),
      );
      await createLabel({ name: 'decision_maker', label: 'Décideur ✓' });
      await createLabel({ name: 'billing_finance', label: 'Billing; Finance' });
      await createLabel({ name: 'manager', label: 'Manager', inverseLabel: 'Employee', inverseName: 'employee' });
    });

    it('handles quotes, ";" inside quotes, a BOM, CRLF, unicode and embedded line breaks; reports each bad row', async () => {
      const [c1, c2, c3, c4, c5, c6] = contacts;
      const [k1, k2, k3] = companies;
      const csv =
        '\ufefffrom_id,to_id,labels,note\r\n' +
        `${c1},${k1},"décideur ✓ ; manager",plain\r\n` + // 2: text any case, and an internal name
        `${c2},${k1},billing_finance,"a note, with a comma"\r\n` + // 3: a label whose text holds ";" by its name
        `${c3},${k1},"Manager;Billing",x\r\n` + // 4: "Billing" is no label
        `${c4},${k2},Employee,x\r\n` + // 5: the other direction's text
        `${c5},${k2},,"two\r\nlines"\r\n` + // 6-7: unlabeled, a quoted line break
        '\r\n' + // 8: an empty line is skipped
        `999999,${k2},Manager,x\r\n` + // 9: unknown record
        `${c6},${k3},Manager,x,extra\r\n` + // 10: too many fields
        `abc,${k3},Manager,x\r\n` + // 11: not a record id
        `${c6},${k3},Manager,x\r\n`; // 12
      const client = importClient(app, token);
      const response = await client.upload(
        { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'edge-1' },
        { name: 'edge.csv', content: csv },
      );
      expect(response.statusCode).toBe(202);
      expect(JSON.parse(response.body)).toMatchObject({ id: 'edge-1', totalRows: 9, fromObjectTypeId: '0-1' });
      const done = await client.completed('edge-1');
      expect(done).toMatchObject({
        state: 'COMPLETED',
        processedRows: 9,
        appliedRows: 4,
        rejectedRows: 5,
        lastLine: 12,
      });

      expect(await labelsOf(c1!)).toEqual({ [k1!]: ['Décideur ✓', 'Manager'] });
      expect(await labelsOf(c2!)).toEqual({ [k1!]: ['Billing; Finance'] });
      expect(await labelsOf(c3!)).toEqual({});
      expect(await labelsOf(c4!)).toEqual({});
      expect(await labelsOf(c5!)).toEqual({ [k2!]: [] });
      expect(await labelsOf(c6!)).toEqual({ [k3!]: ['Manager'] });

      const errors = await client.errors('edge-1');
      expect(errors[0]).toEqual(['line', 'code', 'reason', 'from_id', 'to_id', 'labels', 'note']);
      expect(errors.slice(1).map(([line, code]) => [line, code])).toEqual([
        ['4', 'UNKNOWN_LABEL'],
        ['5', 'LABEL_WRONG_DIRECTION'],
        ['9', 'INVALID_INPUT'],
        ['10', 'TOO_MANY_COLUMNS'],
        ['11', 'INVALID_RECORD_ID'],
      ]);
      expect(errors[1]![2]).toMatch(/Unknown label "Billing" for 0-1 → 0-2/);
      expect(errors[2]![2]).toMatch(/"Employee" is for 0-2 → 0-1/);
      expect(errors[3]![2]).toMatch(/CONTACT=999999 is not valid/);
      expect(errors[4]![2]).toMatch(/5 fields but the header has 4 columns/);
      expect(errors[1]!.slice(3)).toEqual([c3, k1, 'Manager;Billing', 'x']);
    });

    it('reports a malformed stretch of the file and imports the rows after it (blank lines before the header)', async () => {
      const [c1] = contacts;
      const [, , k3] = companies;
      // A quote inside an unquoted field spoils that line only; csv-parse reads on from the next one.
      const csv = `\n\nfrom_id,to_id,labels\n${c1},${k3},Man"ager\n${c1},${k3},Manager\n`;
      const client = importClient(app, token);
      expect(
        (
          await client.upload(
            { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'malformed' },
            { name: 'm.csv', content: csv },
          )
        ).statusCode,
      ).toBe(202);
      const done = await client.completed('malformed');
      expect(done).toMatchObject({ processedRows: 2, rejectedRows: 1, appliedRows: 1 });
      const errors = await client.errors('malformed');
      expect(errors[1]!.slice(0, 2)).toEqual(['4', 'MALFORMED_LINE']);
      expect((await labelsOf(c1!))[k3!]).toEqual(['Manager']);
    });

    it('set semantics replace the pair’s labels; add semantics keep them; re-running an import id writes nothing', async () => {
      const [, , , , c5] = contacts;
      const [, k2] = companies;
      const client = importClient(app, token);
      const run = async (importId: string, mode: string, labels: string) => {
        const response = await client.upload(
          { fromObjectType: 'contacts', toObjectType: 'companies', importId, mode },
          { name: `${importId}.csv`, content: `from_id,to_id,labels\n${c5},${k2},${labels}\n` },
        );
        expect(response.statusCode).toBe(202);
        return client.completed(importId);
      };
      await run('set-1', 'set', 'Manager');
      await run('add-1', 'add', 'decision_maker');
      expect(await labelsOf(c5!)).toEqual({ [k2!]: ['Décideur ✓', 'Manager'] });
      await run('set-2', 'set', 'billing_finance');
      expect(await labelsOf(c5!)).toEqual({ [k2!]: ['Billing; Finance'] });

      const head = await store.headPosition();
      const again = await run('set-2', 'set', 'billing_finance');
      expect(again).toMatchObject({ state: 'COMPLETED', appliedRows: 1 });
      expect(await store.headPosition()).toBe(head);

      const otherFile = await client.upload(
        { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'set-2' },
        { name: 'other.csv', content: `from_id,to_id,labels\n${c5},${k2},Manager\n` },
      );
      expect(expectHubSpotError(otherFile, 400, 'VALIDATION_ERROR').message).toMatch(/another file/);
      expect(await store.headPosition()).toBe(head);
    });

    it('a text shared by two labels is ambiguous for the row; their internal names are not', async () => {
      await createLabel({ name: 'chief_a', label: 'Chief' });
      await createLabel({ name: 'chief_b', label: 'CHIEF' });
      const [, , , c4] = contacts;
      const [, , k3] = companies;
      const client = importClient(app, token);
      const csv = `from_id,to_id,labels\n${c4},${k3},chief\n${c4},${k3},chief_b\n`;
      const upload = { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'ambiguous' };
      expect((await client.upload(upload, { name: 'a.csv', content: csv })).statusCode).toBe(202);
      expect(await client.completed('ambiguous')).toMatchObject({ appliedRows: 1, rejectedRows: 1 });
      const [, rejected] = await client.errors('ambiguous');
      expect(rejected!.slice(0, 3)).toEqual([
        '2',
        'AMBIGUOUS_LABEL',
        'Label "chief" matches 2 labels for 0-1 → 0-2 (chief_a, chief_b); name one by its internal name',
      ]);
      expect(await labelsOf(c4!)).toEqual({ [k3!]: ['CHIEF'] });
    });

    it('names records by unique property, creating the missing ones only when asked', async () => {
      const client = importClient(app, token);
      const csv =
        'from_email,to_domain,labels\nnew1@imp.example,k1.imp.example,Manager\nc1@imp.example,new.imp.example,\n';
      expect(
        (
          await client.upload(
            { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'strict' },
            { name: 's.csv', content: csv },
          )
        ).statusCode,
      ).toBe(202);
      expect(await client.completed('strict')).toMatchObject({ appliedRows: 0, rejectedRows: 2 });
      const strictErrors = await client.errors('strict');
      expect(strictErrors[1]![2]).toMatch(/No contact has email "new1@imp.example"/);
      expect(strictErrors[2]![2]).toMatch(/No company has domain "new.imp.example"/);

      expect(
        (
          await client.upload(
            { fromObjectType: 'contacts', toObjectType: 'companies', importId: 'create', createMissing: 'true' },
            { name: 's.csv', content: csv },
          )
        ).statusCode,
      ).toBe(202);
      expect(await client.completed('create')).toMatchObject({ appliedRows: 2, rejectedRows: 0 });
      const search = await call('POST', '/crm/v3/objects/contacts/search', {
        filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'new1@imp.example' }] }],
      });
      const [created] = search.body.results as { id: string }[];
      expect(await labelsOf(created!.id)).toEqual({ [companies[0]!]: ['Manager'] });
    });
  });
});
