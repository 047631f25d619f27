/**
 * RFC 4180 CSV, written by hand because no CSV library is among our dependencies (STYLE.md prefers one; see ADR 0007).
 * A field is quoted when it holds a comma, a double quote, CR or LF, or starts or ends with a space; a double quote
 * inside is doubled. Records end with CRLF. Null and undefined are empty fields.
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string | number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(fields: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
