import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootTestApp, expectHubSpotError, signToken } from '../support/test-app';

interface Entry {
  position: string;
  occurredAt: string;
  actor: { userId: string };
  type: string;
}
interface HistoryPage {
  results: Entry[];
  paging?: { next: { after: string } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('label history filters: GET /api/v1/association-labels/{typeId}/history?type=&actor=&from=&to=', () => {
  let app: NestFastifyApplication;
  let alice: string;
  let bob: string;
  let manager: number;

  const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const history = async (query = ''): Promise<HistoryPage> => {
    const response = await call(alice, 'GET', `/api/v1/association-labels/${manager}/history${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<HistoryPage>();
  };
  const everything = async (query: string, limit: number) => {
    const pages: HistoryPage[] = [];
    let after: string | undefined;
    do {
      pages.push(await history(`${query}&limit=${limit}${after ? `&after=${after}` : ''}`));
      after = pages[pages.length - 1]!.paging?.next.after;
    } while (after !== undefined && pages.length < 50);
    return { pages, entries: pages.flatMap((p) => p.results) };
  };
  const rename = async (token: string, label: string) => {
    await sleep(5); // distinct times of change
    const response = await call(token, 'PUT', '/crm/v4/associations/contacts/companies/labels', {
      associationTypeId: manager,
      label,
    });
    expect(response.statusCode).toBe(204);
  };

  beforeAll(async () => {
    app = await bootTestApp();
    alice = await signToken({ sub: 'alice', accountId: 'histf', roles: ['super_admin'] });
    bob = await signToken({ sub: 'bob', accountId: 'histf', roles: ['super_admin'] });
    const created = await call(alice, 'POST', '/crm/v4/associations/contacts/companies/labels', {
      name: 'manager',
      label: 'Manager',
    });
    manager = created.json<{ results: { typeId: number }[] }>().results[0]!.typeId;
    await rename(bob, 'Boss');
    await rename(alice, 'Chief');
    await sleep(5);
    const limit = await call(
      bob,
      'POST',
      '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create',
      {
        inputs: [{ category: 'USER_DEFINED', typeId: manager, maxToObjectIds: 3 }],
      },
    );
    expect(limit.statusCode).toBe(201);
    await rename(bob, 'Head');
  });
  afterAll(() => app.close());

  it('type: one or several', async () => {
    expect((await history('?type=LabelRenamed')).results.map((e) => e.type)).toEqual(Array(3).fill('LabelRenamed'));
    const several = await history('?type=LabelCreated,LabelLimitChanged');
    expect(several.results.map((e) => e.type)).toEqual(['LabelCreated', 'LabelLimitChanged']);
    expect((await history('?type=LabelCreated&type=LabelLimitChanged')).results).toEqual(several.results);
  });

  it('actor', async () => {
    const bobs = await history('?actor=bob');
    expect(bobs.results.map((e) => e.type)).toEqual(['LabelRenamed', 'LabelLimitChanged', 'LabelRenamed']);
    expect(bobs.results.every((e) => e.actor.userId === 'bob')).toBe(true);
    expect((await history('?actor=carol')).results).toEqual([]);
  });

  it('from (inclusive) and to (exclusive) on the time of the change', async () => {
    const all = (await history()).results;
    expect(all).toHaveLength(5);
    const [, second, third] = all;
    const window = await history(`?from=${second!.occurredAt}&to=${third!.occurredAt}`);
    expect(window.results.map((e) => e.position)).toEqual([second!.position]);
    expect((await history(`?from=${third!.occurredAt}`)).results).toEqual(all.slice(2));
    expect((await history(`?to=${second!.occurredAt}`)).results).toEqual(all.slice(0, 1));
  });

  it('composes the filters with paging', async () => {
    const { pages, entries } = await everything('?actor=bob&type=LabelRenamed,LabelCreated', 1);
    expect(entries.map((e) => e.type)).toEqual(['LabelRenamed', 'LabelRenamed']);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.paging!.next.after).toBe(pages[0]!.results[0]!.position);
    expect(pages[1]!.paging).toBeUndefined();
  });

  it.each([
    ['type=LabelExploded', 'type'],
    ['actor=', 'actor'],
    ['from=soon', 'from'],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'from'],
  ])('400 for %s', async (query, named) => {
    const response = await call(alice, 'GET', `/api/v1/association-labels/${manager}/history?${query}`);
    expect(expectHubSpotError(response, 400, 'VALIDATION_ERROR').message).toContain(named);
  });
});
