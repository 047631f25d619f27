import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { accountSchemaStream, MAX_LABELS_PER_PAIR } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { signToken } from '../support/test-app';

/**
 * Label creations racing for the same account schema (DESIGN.md §6: the schema stream's expected revision guards the
 * 50-per-pair cap and internal-name uniqueness): whatever the interleaving, exactly one of the racers wins. `apps`
 * are one or more app instances sharing `store`, as several api processes share one database.
 */
export function describeLabelRaces(
  name: string,
  setup: () => Promise<{ apps: NestFastifyApplication[]; store: EventStore; close(): Promise<void> }>,
  rounds = 3,
): void {
  describe(`label creation races (${name})`, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    beforeAll(async () => {
      env = await setup();
    });
    afterAll(() => env.close());

    const create = async (app: NestFastifyApplication, accountId: string, labelName: string) => {
      const token = await signToken({ sub: 'admin', accountId, roles: ['super_admin'] });
      const response = await app.inject({
        method: 'POST',
        url: '/crm/v4/associations/contacts/companies/labels',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: labelName, label: labelName.replace(/_/g, ' ') },
      });
      const body = JSON.parse(response.body) as { context?: { code?: string[] } };
      return { status: response.statusCode, code: body.context?.code?.[0] };
    };
    const registered = async (accountId: string) =>
      (await env.store.readStream(accountSchemaStream(accountId))).filter((e) => e.type === 'LabelRegistered').length;

    it('two creations racing for the 50th slot of a pair: exactly one wins', async () => {
      for (let round = 0; round < rounds; round++) {
        const accountId = `${name}slot${round}`;
        for (let i = 0; i < MAX_LABELS_PER_PAIR - 1; i++) {
          expect((await create(env.apps[0]!, accountId, `label_${i}`)).status).toBe(200);
        }
        const racers = await Promise.all(
          ['racer_a', 'racer_b'].map((racer, i) => create(env.apps[i % env.apps.length]!, accountId, racer)),
        );
        expect(racers.map((r) => r.status).sort()).toEqual([200, 400]);
        expect(racers.find((r) => r.status === 400)!.code).toBe('LABEL_CAP_REACHED');
        expect(await registered(accountId)).toBe(MAX_LABELS_PER_PAIR);
      }
    }, 120_000);

    it('creations racing for the same internal name: exactly one wins', async () => {
      for (let round = 0; round < rounds; round++) {
        const accountId = `${name}name${round}`;
        const racers = await Promise.all(
          Array.from({ length: 4 }, (_, i) => create(env.apps[i % env.apps.length]!, accountId, 'decision_maker')),
        );
        expect(racers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
        expect(racers.filter((r) => r.status === 409).map((r) => r.code)).toEqual(Array(3).fill('LABEL_NAME_TAKEN'));
        expect(await registered(accountId)).toBe(1);
      }
    }, 60_000);
  });
}
