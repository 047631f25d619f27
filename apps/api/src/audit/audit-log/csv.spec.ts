import { parseCsv } from '../../../../../test/api/support/csv';
import { csvField, csvRecord } from './csv';

describe('csv', () => {
  it('leaves plain fields as they are', () => {
    expect(csvField('LabelCreated')).toBe('LabelCreated');
    expect(csvField(42)).toBe('42');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('writes null and undefined as empty fields', () => {
    expect(csvRecord([null, 'a', undefined])).toBe(',a,\r\n');
  });

  it('quotes commas, quotes, newlines and carriage returns, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('{"label":"Boss, \\"big\\""}')).toBe('"{""label"":""Boss, \\""big\\""""}"');
  });

  it('quotes leading and trailing spaces so that readers that trim keep them', () => {
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('ends records with CRLF, and what it writes reads back field for field', () => {
    const fields = ['1', 'a,b', 'say "hi"', 'two\r\nlines', '', '{"x":"y,z"}', ' lead'];
    const text = csvRecord(fields) + csvRecord(['2', 'plain']);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([fields, ['2', 'plain']]);
  });
});
