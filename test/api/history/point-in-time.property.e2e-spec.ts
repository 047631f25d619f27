import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, signToken } from '../support/test-app';

/*
 * Issue 6 item 3, as a property: random association and label writes go through the app over HTTP; after each write
 * the live v4 answers (the contact's associations page, whole and by pages of 2, and the labels GET) are recorded
 * with the write's X-Event-Position. Afterwards, for every step, `asOf=<that position>` answers exactly what was
 * recorded.
 */

type Step =
  | { kind: 'put'; contact: number; company: number; picks: number[] }
  | { kind: 'default' | 'delete'; contact: number; company: number }
  | { kind: 'add' | 'remove'; contact: number; company: number; picks: number[] }
  | { kind: 'rename'; label: number; text: number };

const pair = { contact: fc.nat(1), company: fc.nat(3) };
const picks = fc.array(fc.nat(3), { minLength: 1, maxLength: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), ...pair, picks }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('default' as const, 'delete' as const), ...pair }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('add' as const, 'remove' as const), ...pair, picks }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), label: fc.nat(1), text: fc.nat(2) }) },
);

interface Recorded {
  position: string;
  answers: Record<string, string>;
}

describe('point-in-time reads, property: asOf=<position of step n> equals the live answer recorded after step n', () => {
  let app: NestFastifyApplication;
  let runs = 0;
  /** Non-empty pages and renamed labels recorded: the histories were not all refusals. */
  let associated = 0;
  let renamed = 0;
  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('holds for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const token = `Bearer ${await signToken({ sub: 'admin', accountId: `pitprop_${++runs}`, roles: ['super_admin'] })}`;
        let lastPosition = '0';
        const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
          const response = await app.inject({
            method,
            url,
            headers: { authorization: token, 'x-min-position': lastPosition },
            ...(payload !== undefined ? { payload: payload as object } : {}),
          });
          if (method !== 'GET' && response.statusCode < 300)
            lastPosition = String(response.headers['x-event-position']);
          return response;
        };
        const manager = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
          name: 'manager',
          label: 'Manager',
          inverseLabel: 'Employee',
        });
        const billing = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
          name: 'billing',
          label: 'Billing',
        });
        const typeOf = (r: typeof manager) => r.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
        const labels = [typeOf(manager), typeOf(billing)];
        // Unlabeled 279, Primary 1, and the two custom labels (contact → company).
        const types = [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 },
          ...labels.map((t) => ({ associationCategory: 'USER_DEFINED', associationTypeId: t })),
        ];
        const ids = async (path: string, n: number) => {
          const inputs = Array.from({ length: n }, () => ({ properties: {} }));
          const r = await call('POST', `/crm/v3/objects/${path}/batch/create`, { inputs });
          return r.json<{ results: { id: string }[] }>().results.map((x) => x.id);
        };
        const contacts = await ids('contacts', 2);
        const companies = await ids('companies', 4);

        const reads = (contact: string) => [
          `/crm/v4/objects/contacts/${contact}/associations/companies`,
          `/crm/v4/objects/contacts/${contact}/associations/companies?limit=2`,
        ];
        const record = async (): Promise<Recorded> => {
          const answers: Record<string, string> = {};
          for (const contact of contacts) {
            for (const url of reads(contact)) {
              let page = await call('GET', url);
              answers[url] = page.body;
              // Follow the limit=2 pages to the end: every page is recorded.
              let next = page.json<{ paging?: { next: { after: string } } }>().paging?.next.after;
              while (url.includes('limit=2') && next !== undefined) {
                page = await call('GET', `${url}&after=${next}`);
                answers[`${url}&after=${next}`] = page.body;
                next = page.json<{ paging?: { next: { after: string } } }>().paging?.next.after;
              }
            }
          }
          answers.labels = (await call('GET', '/crm/v4/associations/contacts/companies/labels')).body;
          answers.inverseLabels = (await call('GET', '/crm/v4/associations/companies/contacts/labels')).body;
          return { position: lastPosition, answers };
        };

        const history: Recorded[] = [await record()];
        for (const s of steps) {
          if (s.kind === 'rename') {
            const label = labels[s.label]!;
            const text = ['Lead', 'Owner', 'Sponsor'][s.text]!;
            await call('PUT', '/crm/v4/associations/contacts/companies/labels', {
              associationTypeId: label,
              label: text,
              ...(s.label === 0 && { inverseLabel: `${text} of` }),
            });
          } else {
            const path = `contacts/${contacts[s.contact]}/associations/companies/${companies[s.company]}`;
            const chosen = 'picks' in s ? [...new Set(s.picks)].map((p) => types[p]!) : [];
            if (s.kind === 'put') await call('PUT', `/crm/v4/objects/${path}`, chosen);
            if (s.kind === 'default')
              await call(
                'PUT',
                `/crm/v4/objects/contacts/${contacts[s.contact]}/associations/default/companies/${companies[s.company]}`,
              );
            if (s.kind === 'delete') await call('DELETE', `/crm/v4/objects/${path}`);
            if (s.kind === 'add') await call('POST', `/api/v1/objects/${path}/labels`, { types: chosen });
            if (s.kind === 'remove') await call('POST', `/api/v1/objects/${path}/labels/remove`, { types: chosen });
          }
          history.push(await record());
          const latest = history[history.length - 1]!.answers;
          if (Object.values(latest).some((a) => a.includes('toObjectId'))) associated++;
          if (/Lead|Owner|Sponsor/.test(latest.labels!)) renamed++;
        }

        for (const { position, answers } of history) {
          for (const [url, answer] of Object.entries(answers)) {
            const asOfUrl =
              url === 'labels' || url === 'inverseLabels'
                ? `/api/v1/association-labels?fromObjectType=${url === 'labels' ? 'contacts' : 'companies'}` +
                  `&toObjectType=${url === 'labels' ? 'companies' : 'contacts'}&asOf=${position}`
                : `${url.replace('/crm/v4/', '/api/v1/')}${url.includes('?') ? '&' : '?'}asOf=${position}`;
            const response = await call('GET', asOfUrl);
            if (response.statusCode !== 200 || response.body !== answer) {
              throw new Error(`${asOfUrl}: ${response.statusCode} ${response.body}\n  recorded: ${answer}`);
            }
          }
        }
      }),
      { numRuns: 12 },
    );
    expect(associated).toBeGreaterThan(10);
    expect(renamed).toBeGreaterThan(0);
  }, 60_000);
});
