import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { countOf, linksFold, linksStream, type LinksEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { signToken } from '../support/test-app';

/**
 * Writers racing the last slots of a label limit (DESIGN.md §6: decided from the links streams, guarded by their
 * expected revisions): whatever the interleaving and however many app instances share the store, exactly `limit`
 * writers win, every other one gets a 400, and the stored log agrees.
 */
export function describeAssociationLimitRaces(
  name: string,
  setup: () => Promise<{ apps: NestFastifyApplication[]; store: EventStore; close(): Promise<void> }>,
  { writers = 50, limit = 3, rounds = 3 } = {},
): void {
  describe(`association limit races (${name}): ${writers} writers, limit ${limit}`, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    beforeAll(async () => {
      env = await setup();
    });
    afterAll(() => env.close());

    it('exactly the limit wins, every loser gets a 400, the log agrees — round after round', async () => {
      const accountId = `${name}races`;
      const token = await signToken({ sub: 'admin', accountId, roles: ['super_admin'] });
      const headers = { authorization: `Bearer ${token}` };
      const call = async (app: NestFastifyApplication, method: 'POST' | 'PUT', url: string, payload: unknown) => {
        const response = await app.inject({ method, url, headers, payload: payload as Record<string, unknown> });
        return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
      };
      const [first] = env.apps;
      const label = await call(first!, 'POST', '/crm/v4/associations/contacts/companies/labels', {
        name: 'manager',
        label: 'Manager',
      });
      const typeId = (label.body.results as { typeId: number }[])[0]!.typeId;
      const limited = await call(
        first!,
        'POST',
        '/crm/v4/associations/definitions/configurations/contacts/companies/batch/create',
        {
          inputs: [{ category: 'USER_DEFINED', typeId, maxToObjectIds: limit }],
        },
      );
      expect(limited.status).toBe(201);
      const create = async (type: string, properties: Record<string, string>) =>
        String((await call(first!, 'POST', `/crm/v3/objects/${type}`, { properties })).body.id);

      for (let round = 0; round < rounds; round++) {
        const contact = await create('contacts', { email: `c${round}@example.com` });
        const companies = await Promise.all(
          Array.from({ length: writers }, (_, i) => create('companies', { name: `K${round}-${i}` })),
        );
        const results = await Promise.all(
          companies.map((company, i) =>
            call(
              env.apps[i % env.apps.length]!,
              'PUT',
              `/crm/v4/objects/contacts/${contact}/associations/companies/${company}`,
              [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
            ),
          ),
        );
        const won = results.filter((r) => r.status === 201);
        const lost = results.filter((r) => r.status !== 201);
        expect(won).toHaveLength(limit);
        expect(new Set(lost.map((r) => r.status))).toEqual(new Set([400]));
        expect(new Set(lost.map((r) => (r.body.context as { code: string[] }).code[0]))).toEqual(
          new Set(['ASSOCIATION_LIMIT_EXCEEDED']),
        );
        const log = await env.store.readStream(linksStream(accountId, '0-1', contact));
        const state = log.map((e) => e as unknown as LinksEvent).reduce(linksFold.evolve, linksFold.initialState());
        expect(countOf(state, typeId)).toBe(limit);
      }
    }, 240_000);
  });
}
