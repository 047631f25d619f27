import { request, type IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryEventStore, type ReadAllOptions } from '@app/event-store';
import { bootTestApp, signToken } from '../support/test-app';

const ACCOUNT = 'audstream';
const EVENTS = 1200;

/** Holds the audit export's second read of the account until released, to watch the response meanwhile. */
class GatedStore extends MemoryEventStore {
  accountReads = 0;
  release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  override async readAll(options?: ReadAllOptions) {
    if (options?.filter?.accountId === ACCOUNT) {
      this.accountReads += 1;
      if (this.accountReads === 2) await this.gate;
    }
    return super.readAll(options);
  }
}

describe('account audit log: the CSV export is streamed', () => {
  let app: NestFastifyApplication;
  const store = new GatedStore();

  beforeAll(async () => {
    for (let n = 0; n < EVENTS; n += 100) {
      await store.append([
        {
          stream: `probe-${ACCOUNT}.s${n}`,
          expected: 'no_stream',
          events: Array.from({ length: 100 }, (_, i) => ({
            id: `00000000-0000-4000-8000-${String(n + i).padStart(12, '0')}`,
            type: 'ProbeRecorded',
            data: { n: n + i, note: 'a, "quoted"\nvalue' },
            metadata: {
              accountId: ACCOUNT,
              actor: 'u1',
              commandId: 'c',
              correlationId: 'r',
              causationId: 'r',
              schemaVersion: 1,
            },
          })),
        },
      ]);
    }
    app = await bootTestApp({ eventStore: store });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());

  it('sends the first page before the next one is read, then the rest', async () => {
    const token = await signToken({ sub: 'aud', accountId: ACCOUNT, roles: ['auditor'] });
    const url = new URL('/api/v1/audit/events', await app.getUrl());
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['transfer-encoding']).toBe('chunked');

    let body = '';
    let ended = false;
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    const end = new Promise<void>((resolve) => response.on('end', () => ((ended = true), resolve())));
    const records = () => body.split('\r\n').length - 1;

    // The header and the first page (500 events) arrive while the export waits on its second read.
    const deadline = Date.now() + 5000;
    while (records() < 501 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(records()).toBe(501);
    expect(store.accountReads).toBe(2);
    expect(ended).toBe(false);

    store.release();
    await end;
    expect(records()).toBe(EVENTS + 1);
    expect(body).toContain('"{""n"":1199,""note"":""a, \\""quoted\\""\\nvalue""}"');
  });
});
