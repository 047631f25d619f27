import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTERNAL_EVENT_TYPES, PUBLIC_EVENT_TYPES, isPublicEventType, type PublicEventEnvelope } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { EventContractValidator } from '@app/runtime/events/event-contract';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface FeedPage {
  results: PublicEventEnvelope[];
  paging: { next: { after: string } };
  hasMore: boolean;
}
const ACCOUNT = 'contract1';

/**
 * Drives every kind of change through the HTTP API (labels, limits, object types, records, associations, the archive
 * cascade), then reads the account's whole feed and validates each event against the served JSON Schemas.
 */
describe('public event contract: every event the scenarios produce conforms to its schema', () => {
  let app: NestFastifyApplication;
  const store = new MemoryEventStore();
  let admin: string;
  let consumer: string;
  const validator = new EventContractValidator();

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    expect({ url, status: response.statusCode < 300 ? 'ok' : response.body }).toEqual({ url, status: 'ok' });
    return response.body ? (response.json() as Record<string, unknown>) : {};
  };
  const feed = async (query: string, token = consumer): Promise<FeedPage> => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/events${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<FeedPage>();
  };
  const everything = async (filters = ''): Promise<PublicEventEnvelope[]> => {
    const out: PublicEventEnvelope[] = [];
    let after = '';
    for (;;) {
      const page = await feed(`?limit=7&after=${after}${filters}`);
      out.push(...page.results);
      after = page.paging.next.after;
      if (!page.hasMore) return out;
    }
  };

  beforeAll(async () => {
    app = await bootTestApp({ eventStore: store });
    admin = await signToken({ sub: 'admin-1', accountId: ACCOUNT, roles: ['super_admin'] });
    consumer = await signToken({ sub: 'feed-1', accountId: ACCOUNT, roles: ['consumer'] });

    const created = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Manager',
      inverseLabel: 'Managed',
    });
    const manager = (created.results as { typeId: number; label: string }[]).find((r) => r.label === 'Manager')!;
    await call('PUT', '/crm/v4/associations/contacts/companies/labels', {
      associationTypeId: manager.typeId,
      label: 'Boss',
    });
    const spare = await call('POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'spare',
      label: 'Spare',
    });
    const spareTypeId = (spare.results as { typeId: number; label: string }[]).find((r) => r.label === 'Spare')!.typeId;
    await call('POST', '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create', {
      inputs: [
        { category: 'USER_DEFINED', typeId: manager.typeId, maxToObjectIds: 5 },
        { category: 'HUBSPOT_DEFINED', typeId: 279, maxToObjectIds: 10 },
      ],
    });
    await call('POST', '/api/v1/object-types/0-136/activate');
    await call('POST', '/crm/v3/schemas', {
      name: 'car',
      labels: { singular: 'Car', plural: 'Cars' },
      primaryDisplayProperty: 'model',
      requiredProperties: ['model'],
      properties: [{ name: 'model', label: 'Model', type: 'string', fieldType: 'text' }],
      associatedObjects: ['contacts'],
    });
    await call('PATCH', '/crm/v3/schemas/2-1', { labels: { singular: 'Auto', plural: 'Autos' } });
    await call('DELETE', '/crm/v3/schemas/2-1');

    const contact = String((await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@x.io' } })).id);
    const company = String((await call('POST', '/crm/v3/objects/companies', { properties: { name: 'Acme' } })).id);
    const other = String((await call('POST', '/crm/v3/objects/companies', { properties: { name: 'Other' } })).id);
    await call('PATCH', `/crm/v3/objects/contacts/${contact}`, { properties: { email: 'b@x.io', firstname: 'Bo' } });
    const pair = `/crm/v4/objects/contacts/${contact}/associations/companies`;
    await call('PUT', `${pair}/${company}`, [
      { associationCategory: 'USER_DEFINED', associationTypeId: manager.typeId },
    ]);
    await call('PUT', `${pair}/${other}`, [{ associationCategory: 'USER_DEFINED', associationTypeId: spareTypeId }]);
    await call('POST', '/crm/v4/associations/contacts/companies/batch/labels/archive', {
      inputs: [
        {
          from: { id: contact },
          to: { id: company },
          types: [{ associationCategory: 'USER_DEFINED', associationTypeId: manager.typeId }],
        },
      ],
    });
    // In use: the deletion is refused (LabelRetiring, then LabelRetirementCancelled).
    const refused = await app.inject({
      method: 'DELETE',
      url: `/crm/v4/associations/contacts/companies/labels/${spareTypeId}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(refused.statusCode).toBe(400);
    await call('DELETE', `${pair}/${other}`);
    await call('DELETE', `/crm/v4/associations/contacts/companies/labels/${spareTypeId}`);
    // Erasure: the record's earlier events keep their shape, with no content and `erased: true`.
    const erased = String((await call('POST', '/crm/v3/objects/contacts', { properties: { email: 'e@x.io' } })).id);
    await call('PATCH', `/crm/v3/objects/contacts/${erased}`, { properties: { firstname: 'Gone' } });
    await call('POST', `/api/v1/objects/contacts/${erased}/erase`, { reason: 'DSR-1' });
    // Archiving the company removes its remaining association (the archive cascade, a process manager).
    await call('DELETE', `/crm/v3/objects/companies/${company}`);
    await waitFor(async () =>
      (await everything()).some(
        (e) =>
          e.type === 'AssociationRemoved' && e.data && (e.data as { reason?: string }).reason === 'RECORD_ARCHIVED',
      ),
    );
  }, 60_000);

  afterAll(() => app?.close());

  it('validates every public event of the account against the served schemas', async () => {
    const events = await everything();
    const problems = events.flatMap((e) => validator.problems(e).map((p) => `${e.type} ${p.path}: ${p.message}`));
    expect(problems).toEqual([]);
    const produced = new Set(events.map((e) => e.type));
    expect(PUBLIC_EVENT_TYPES.filter((type) => !produced.has(type))).toEqual([]);
    expect(events.filter((e) => (e.data as { erased?: boolean }).erased === true).map((e) => e.type)).toEqual([
      'RecordCreated',
      'RecordUpdated',
    ]);
  });

  it('serves every public event of the log once, in order, and no internal one', async () => {
    const events = await everything();
    const log = await store.readAll({ filter: { accountId: ACCOUNT } });
    expect(events.map((e) => e.eventId)).toEqual(log.filter((e) => isPublicEventType(e.type)).map((e) => e.id));
    expect(log.some((e) => (INTERNAL_EVENT_TYPES as readonly string[]).includes(e.type))).toBe(true);
    expect(events.every((e) => e.accountId === ACCOUNT)).toBe(true);
  });

  it('filters by type and by object type (names or ids)', async () => {
    const associations = await everything('&types=AssociationLabeled,AssociationRemoved');
    expect(new Set(associations.map((e) => e.type))).toEqual(new Set(['AssociationLabeled', 'AssociationRemoved']));
    const companies = await everything('&objectTypes=companies');
    expect(companies.length).toBeGreaterThan(0);
    expect(companies.every((e) => e.objectTypeIds.includes('0-2'))).toBe(true);
    expect((await everything('&objectTypes=0-2')).map((e) => e.eventId)).toEqual(companies.map((e) => e.eventId));
  });

  it('serves the schemas to consumers, auditors and super admins only', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/events/schemas',
      headers: { authorization: `Bearer ${consumer}` },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ envelope: { schema: object }; events: { type: string; schemaVersion: number }[] }>();
    expect(body.events.map((e) => e.type).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
    const user = await signToken({ accountId: ACCOUNT, roles: ['user'] });
    for (const url of ['/api/v1/events/schemas', '/api/v1/events', '/api/v1/events/stream']) {
      expectHubSpotError(
        await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${user}` } }),
        403,
        'MISSING_SCOPES',
      );
    }
    const auditor = await signToken({ accountId: ACCOUNT, roles: ['auditor'] });
    expect((await feed('?limit=1', auditor)).results).toHaveLength(1);
  });

  it.each([
    ['?after=42', 'after'],
    ['?after=e1.bm9wZQ', 'after'],
    ['?limit=0', 'limit'],
    ['?limit=1001', 'limit'],
    ['?types=UniqueValueClaimed', 'types'],
    ['?objectTypes=nonsense', 'nonsense'],
  ])('answers 400 to %s', async (query, named) => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/events${query}`,
      headers: { authorization: `Bearer ${consumer}` },
    });
    expect(expectHubSpotError(response, 400, 'VALIDATION_ERROR').message).toContain(named);
  });

  it('answers 400 to a bad Last-Event-ID before the stream starts', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/events/stream',
      headers: { authorization: `Bearer ${consumer}`, 'last-event-id': 'garbage' },
    });
    expect(expectHubSpotError(response, 400, 'VALIDATION_ERROR').message).toContain('Last-Event-ID');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}
