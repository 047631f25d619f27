import { Readable } from 'node:stream';
import { csvRows, type CsvRow } from './import-csv.reader';

const read = async (text: string | Buffer, chunkSize = 7): Promise<CsvRow[]> => {
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  const rows: CsvRow[] = [];
  for await (const row of csvRows(Readable.from(chunks))) rows.push(row);
  return rows;
};

describe('reading an import file', () => {
  it('strips a BOM, reads CRLF and LF, quoted delimiters, doubled quotes and unicode split across chunks', async () => {
    const rows = await read('\ufefffrom_id,labels\r\n1,"Boss, ""the"" one;Décideur ✓"\n2,plain\r\n');
    expect(rows).toEqual([
      { line: 1, endLine: 1, fields: ['from_id', 'labels'] },
      { line: 2, endLine: 2, fields: ['1', 'Boss, "the" one;Décideur ✓'] },
      { line: 3, endLine: 3, fields: ['2', 'plain'] },
    ]);
  });

  it('counts lines as a person does: quoted line breaks (CRLF too) and skipped empty lines', async () => {
    const rows = await read('h1,h2\r\n1,"two\r\nlines"\r\n\r\n2,"three\nmore\nlines"\n3,x\n');
    expect(rows.map(({ line, endLine }) => [line, endLine])).toEqual([
      [1, 1],
      [2, 3],
      [5, 7],
      [8, 8],
    ]);
  });

  it('reports a malformed line and reads on', async () => {
    const rows = await read('h1,h2\n1,Man"ager\n2,ok\n');
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringMatching(/Invalid Opening Quote/i) });
    expect(rows[2]).toEqual({ line: 3, endLine: 3, fields: ['2', 'ok'] });
  });

  it('an unclosed quote makes the rest of the file one malformed stretch', async () => {
    const rows = await read('h1,h2\n1,"open\n2,ok\n3,ok\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringMatching(/Quote Not Closed/) });
  });
});
