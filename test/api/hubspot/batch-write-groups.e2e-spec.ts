import { EVENT_STORE, type EventStore } from '@app/event-store';
import { signToken } from '../support/test-app';
import { startSdkApp, type SdkApp } from '../support/sdk-app';

/**
 * Issue 5 item 11: a batch's inputs are decided one after the other, each against what the earlier ones wrote, and
 * appended together — one append for a whole batch whose inputs agree, limits still exact inside the batch, and a
 * 204 batch that fails on one input writes nothing.
 */
describe('batch writes are grouped into one append', () => {
  let env: SdkApp;
  let store: EventStore;
  let headers: Record<string, string>;
  beforeAll(async () => {
    env = await startSdkApp();
    store = env.app.get<EventStore>(EVENT_STORE);
    headers = {
      authorization: `Bearer ${await signToken({ sub: 'admin', accountId: 'groups', roles: ['super_admin'] })}`,
    };
  });
  afterAll(() => env.close());

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await env.app.inject({ method, url, headers, payload: payload as Record<string, unknown> });
    return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
  };
  const createRecords = async (type: string, properties: (i: number) => Record<string, string>, count: number) => {
    const created = await call('POST', `/crm/v3/objects/${type}/batch/create`, {
      inputs: Array.from({ length: count }, (_, i) => ({ properties: properties(i) })),
    });
    expect(created.status).toBe(201);
    return (created.body.results as { id: string }[]).map((r) => r.id);
  };
  /** Counts the store's appends while `fn` runs. */
  const appendsDuring = async <T>(fn: () => Promise<T>): Promise<{ appends: number; result: T }> => {
    const spy = jest.spyOn(store, 'append');
    try {
      const result = await fn();
      return { appends: spy.mock.calls.length, result };
    } finally {
      spy.mockRestore();
    }
  };

  it('associates 100 contacts with one company in one append, each input seeing the ones before', async () => {
    const contacts = await createRecords('contacts', (i) => ({ email: `g${i}@groups.example` }), 100);
    const [company] = await createRecords('companies', () => ({ name: 'Hub' }), 1);
    const { appends, result } = await appendsDuring(() =>
      call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
        inputs: contacts.map((id) => ({
          from: { id },
          to: { id: company },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
        })),
      }),
    );
    expect(result.status).toBe(201);
    expect(appends).toBe(1);
    const page = await call('GET', `/crm/v4/objects/companies/${company}/associations/contacts?limit=500`);
    expect((page.body.results as unknown[]).length).toBe(100);
  });

  it('holds a limit inside one batch: the inputs past it fail, the others are appended together', async () => {
    const label = await call('POST', '/crm/v4/associations/contacts/companies/labels', { name: 'boss', label: 'Boss' });
    const typeId = (label.body.results as { typeId: number }[])[0]!.typeId;
    const limited = await call(
      'POST',
      '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create',
      {
        inputs: [{ category: 'USER_DEFINED', typeId, maxToObjectIds: 3 }],
      },
    );
    expect(limited.status).toBe(201);
    const [contact] = await createRecords('contacts', () => ({ email: 'limited@groups.example' }), 1);
    const companies = await createRecords('companies', (i) => ({ name: `L${i}` }), 5);
    const { appends, result } = await appendsDuring(() =>
      call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
        inputs: companies.map((id) => ({
          from: { id: contact },
          to: { id },
          types: [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
        })),
      }),
    );
    expect(result.status).toBe(207);
    expect(appends).toBe(1);
    expect((result.body.results as unknown[]).length).toBe(3);
    const errors = result.body.errors as { context: { code?: string[] }; message: string }[];
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => /limit/i.test(e.message))).toBe(true);
    const page = await call('GET', `/crm/v4/objects/contacts/${contact}/associations/companies`);
    expect((page.body.results as unknown[]).length).toBe(3);
  });

  it('a 204 batch that fails on one input writes nothing at all', async () => {
    const contacts = await createRecords('contacts', (i) => ({ email: `a${i}@groups.example` }), 2);
    const [company] = await createRecords('companies', () => ({ name: 'Kept' }), 1);
    const spec = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 };
    const created = await call('POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: contacts.map((id) => ({ from: { id }, to: { id: company }, types: [spec] })),
    });
    expect(created.status).toBe(201);
    const head = await store.headPosition();
    const archived = await call('POST', '/crm/v4/associations/contacts/companies/batch/labels/archive', {
      inputs: [
        { from: { id: contacts[0] }, to: { id: company }, types: [spec] },
        { from: { id: contacts[1] }, to: { id: company }, types: [{ ...spec, associationTypeId: 999_999 }] },
      ],
    });
    expect(archived.status).toBe(400);
    expect(await store.headPosition()).toBe(head);
    const page = await call('GET', `/crm/v4/objects/companies/${company}/associations/contacts`);
    expect((page.body.results as unknown[]).length).toBe(2);
  });
});
