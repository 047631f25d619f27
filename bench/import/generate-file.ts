import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The labels a generated file uses, contacts → companies; the bench and the tests create them first. */
export const BENCH_LABELS = [
  { name: 'decision_maker', label: 'Decision maker' },
  { name: 'billing_contact', label: 'Billing contact' },
  { name: 'technical_contact', label: 'Technical contact' },
] as const;

export interface GeneratedFile {
  rows: number;
  contacts: number;
  companies: number;
  bytes: number;
}

/** Each contact is associated with this many companies (distinct pairs). */
const COMPANIES_PER_CONTACT = 3;

export const contactEmail = (i: number) => `c${i}@bench.example`;
export const companyDomain = (i: number) => `k${i}.bench.example`;

/**
 * Writes an import file of `rows` rows, contacts ↔ companies by email and domain, 1–3 labels per row, every pair
 * distinct; streamed, so any size fits in flat memory. `companies` bounds how many companies the rows spread over.
 */
export async function generateImportFile(
  path: string,
  rows: number,
  companies = Math.max(1, Math.min(10_000, Math.ceil(rows / 100))),
): Promise<GeneratedFile> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('from_email,to_domain,labels\r\n');
  for (let i = 0; i < rows; i++) {
    const contact = Math.floor(i / COMPANIES_PER_CONTACT);
    const company = (contact * COMPANIES_PER_CONTACT + (i % COMPANIES_PER_CONTACT)) % companies;
    const count = 1 + (i % 3);
    const labels = BENCH_LABELS.slice(0, count).map((l, j) => (j % 2 === 0 ? l.label : l.name));
    const cell = labels.length > 1 ? `"${labels.join(';')}"` : labels[0]!;
    await write(`${contactEmail(contact)},${companyDomain(company)},${cell}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return { rows, contacts: Math.ceil(rows / COMPANIES_PER_CONTACT), companies, bytes };
}
