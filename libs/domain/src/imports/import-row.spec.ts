import { importColumns, interpretRow } from './import-row';

const unique = { from: 'email', to: 'domain' };

describe('import columns', () => {
  it('takes ids when the file has <side>_id, else the unique property; names match in any case', () => {
    expect(importColumns(['From_ID', 'to_domain', ' Labels '], {}, unique)).toMatchObject({
      from: { index: 0, key: 'id' },
      to: { index: 1, key: 'domain' },
      labels: 2,
    });
    expect(importColumns(['x', 'from_id', 'from_email', 'to_id', 'labels'], { from: 'email' }, unique)).toMatchObject({
      from: { index: 2, key: 'email' },
      to: { index: 3, key: 'id' },
    });
  });

  it('refuses a header without the chosen columns, naming them', () => {
    expect(() => importColumns(['from_id', 'to_id'], {}, unique)).toThrow(
      expect.objectContaining({
        code: 'IMPORT_COLUMNS_MISSING',
        message: expect.stringMatching(/lacks the column labels/),
      }),
    );
    expect(() => importColumns(['from_id', 'to_id', 'labels'], { to: 'domain' }, unique)).toThrow(/to_domain/);
  });
});

describe('an import row', () => {
  const columns = importColumns(['from_id', 'to_email', 'labels', 'note'], { to: 'email' }, { to: 'email' });
  it('names both records and keeps the labels cell', () => {
    expect(interpretRow(['12', ' a@x.example ', 'Boss; Manager'], columns)).toEqual({
      ok: true,
      from: { by: 'id', id: '12' },
      to: { by: 'property', property: 'email', value: 'a@x.example' },
      labels: 'Boss; Manager',
    });
  });
  it.each([
    [['1', 'a@x', 'L', 'n', 'extra'], 'TOO_MANY_COLUMNS'],
    [['', 'a@x', 'L'], 'MISSING_VALUE'],
    [['1', '  ', 'L'], 'MISSING_VALUE'],
    [['0x1', 'a@x', 'L'], 'INVALID_RECORD_ID'],
    [['-4', 'a@x', 'L'], 'INVALID_RECORD_ID'],
  ])('refuses %j (%s)', (fields, code) => expect(interpretRow(fields, columns)).toMatchObject({ ok: false, code }));
});
