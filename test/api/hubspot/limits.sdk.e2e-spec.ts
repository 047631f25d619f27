import { randomUUID } from 'node:crypto';
import {
  DefinitionConfigurationsApi,
  ServerConfiguration,
  createConfiguration,
  type BatchResponsePublicAssociationDefinitionUserConfigurationWithErrors,
  type Configuration,
  type HttpInfo,
  type PublicAssociationDefinitionConfigurationCreateRequest,
  type RequestContext,
  type ResponseContext,
} from '@hubspot/api-client/lib/codegen/crm/associations/v4/schema';
import {
  LimitsApiRequestFactory,
  LimitsApiResponseProcessor,
} from '@hubspot/api-client/lib/codegen/crm/associations/v4/schema/apis/LimitsApi';
import {
  DomainError,
  accountSchemaFold,
  labelDecider,
  pairLimitOf,
  type DomainEvent,
  type LabelState,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { Role } from '../../../apps/api/src/auth/principal';
import type { CommandContext } from '../../../apps/api/src/commands/command-context';
import { AssociationLimitWriter } from '../../../apps/api/src/limits/association-limit.writer';
import { sdkError, startSdkApp, type SdkApp } from '../support/sdk-app';

type CreateInput = PublicAssociationDefinitionConfigurationCreateRequest;
/** A create or update input; `category` left out or wrong on purpose where a test says so (hence the cast). */
const input = (typeId: number, maxToObjectIds: number, category?: string): never =>
  ({ typeId, maxToObjectIds, ...(category !== undefined && { category }) }) as never;

function commandContext(accountId: string): CommandContext {
  const id = randomUUID();
  const principal = { accountId, userId: 'admin-1', roles: ['super_admin' as const] };
  const metadata = { accountId, actor: 'admin-1', commandId: id, correlationId: id, causationId: id };
  return { ...metadata, now: new Date().toISOString(), route: 'test', principal };
}

describe('association limits through the official HubSpot SDK', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(() => sdk.close());

  async function configuration(accountId: string, roles: Role[] = ['super_admin']): Promise<Configuration> {
    const accessToken = await sdk.token({ accountId, roles });
    return createConfiguration({
      baseServer: new ServerConfiguration(sdk.basePath, {}),
      authMethods: { oauth2: { accessToken } },
    });
  }

  const limitsApi = async (accountId: string, roles?: Role[]) =>
    new DefinitionConfigurationsApi(await configuration(accountId, roles));

  /** The `/crm/associations/v4/...` prefix: the SDK has only a request factory and a response processor for it. */
  async function viaLimitsApi<T>(
    accountId: string,
    build: (factory: LimitsApiRequestFactory, config: Configuration) => Promise<RequestContext>,
    process: (processor: LimitsApiResponseProcessor, response: ResponseContext) => Promise<HttpInfo<T>>,
  ): Promise<HttpInfo<T>> {
    const config = await configuration(accountId);
    const request = await build(new LimitsApiRequestFactory(config), config);
    const response = await config.httpApi.send(request).toPromise();
    return process(new LimitsApiResponseProcessor(), response);
  }

  /** Creates a single custom label between deals and contacts; returns its deals → contacts typeId. */
  async function dealContactLabel(accountId: string, name = 'billing_contact'): Promise<number> {
    const client = await sdk.client({ accountId });
    const defs = client.crm.associations.v4.schema.definitionsApi;
    await defs.create('deals', 'contacts', { label: name, name });
    const { results } = await defs.getAll('deals', 'contacts');
    return results.find((r) => r.category === 'USER_DEFINED' && r.label === name)!.typeId;
  }

  it('configures a HubSpot-defined and a custom limit, answering 201, and lists them (scenario 18)', async () => {
    const b = await dealContactLabel('l18');
    const api = await limitsApi('l18');
    const created = await api.batchCreateWithHttpInfo('deals', 'contacts', {
      inputs: [input(3, 5, 'HUBSPOT_DEFINED'), input(b, 1, 'USER_DEFINED')],
    });
    expect(created.httpStatusCode).toBe(201);
    expect(created.data.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 3, label: null, userEnforcedMaxToObjectIds: 5 },
      { category: 'USER_DEFINED', typeId: b, label: 'billing_contact', userEnforcedMaxToObjectIds: 1 },
    ]);
    expect(created.data.completedAt).toBeInstanceOf(Date);
    expect(created.headers['x-event-position']).toMatch(/^\d+$/);

    const between = await api.getAllBetweenTwoObjectTypes('deals', 'contacts');
    expect(between.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ typeId: 3, userEnforcedMaxToObjectIds: 5, label: null }),
        expect.objectContaining({ typeId: b, userEnforcedMaxToObjectIds: 1, label: 'billing_contact' }),
      ]),
    );
    expect(between.results).toHaveLength(2);
    // Limits are per direction: contacts → deals has none.
    expect((await api.getAllBetweenTwoObjectTypes('contacts', 'deals')).results).toEqual([]);
    const all = await api.getAll();
    expect(all.results.map((r) => r.typeId).sort()).toEqual([3, b].sort());

    const viaOtherPrefix = await viaLimitsApi(
      'l18',
      (f) => f.getPage(),
      (p, r) => p.getPageWithHttpInfo(r),
    );
    expect(viaOtherPrefix.data.results).toEqual(all.results);
  });

  it('quotes the valid range when a label limit exceeds its pair or the pair goes below a label (scenario 20)', async () => {
    const b = await dealContactLabel('l20');
    const api = await limitsApi('l20');
    await api.batchCreate('deals', 'contacts', { inputs: [input(3, 10)] });

    const tooHigh = await api.batchCreateWithHttpInfo('deals', 'contacts', { inputs: [input(b, 11)] });
    expect(tooHigh.httpStatusCode).toBe(207);
    const tooHighBody = tooHigh.data as BatchResponsePublicAssociationDefinitionUserConfigurationWithErrors;
    expect(tooHighBody.results).toEqual([]);
    expect(tooHighBody.numErrors).toBe(1);
    expect(tooHighBody.errors![0]!.message).toContain('between 1 and 10');

    const atPair = await api.batchCreateWithHttpInfo('deals', 'contacts', { inputs: [input(b, 10)] });
    expect(atPair.httpStatusCode).toBe(201);

    const lowered = await api.batchUpdateWithHttpInfo('deals', 'contacts', { inputs: [input(3, 9)] });
    expect(lowered.httpStatusCode).toBe(207);
    expect(lowered.data.results).toEqual([]);
    expect((lowered.data as { errors: { message: string }[] }).errors[0]!.message).toContain('≥ 10');

    const contactsToDeals = await api.batchCreateWithHttpInfo('contacts', 'deals', {
      inputs: [input(4, 0), input(4, 10_001)],
    });
    expect(contactsToDeals.httpStatusCode).toBe(207);
    const messages = (contactsToDeals.data as { errors: { message: string }[] }).errors.map((e) => e.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message).toContain('between 1 and 10000');

    const between = await api.getAllBetweenTwoObjectTypes('deals', 'contacts');
    expect(between.results.map((r) => [r.typeId, r.userEnforcedMaxToObjectIds])).toEqual(
      expect.arrayContaining([
        [3, 10],
        [b, 10],
      ]),
    );
  });

  it('purges limits back to the default, answering 204 (scenario 21)', async () => {
    const b = await dealContactLabel('l21');
    const api = await limitsApi('l21');
    await api.batchCreate('deals', 'contacts', { inputs: [input(3, 5), input(b, 1)] });
    const purged = await api.batchRemoveWithHttpInfo('deals', 'contacts', {
      inputs: [{ category: 'USER_DEFINED', typeId: b }],
    });
    expect(purged.httpStatusCode).toBe(204);
    expect((await api.getAll()).results.map((r) => r.typeId)).toEqual([3]);
    // Purging again changes nothing and still answers 204.
    await api.batchRemove('deals', 'contacts', { inputs: [{ category: 'USER_DEFINED', typeId: b }] });
    await api.batchRemove('deals', 'contacts', { inputs: [{ typeId: 3 } as never] });
    expect((await api.getAll()).results).toEqual([]);
  });

  it('answers 207 with the HubSpot StandardError shape when some inputs fail', async () => {
    const api = await limitsApi('l207');
    const response = await api.batchCreateWithHttpInfo('deals', 'contacts', {
      inputs: [input(3, 5), input(4, 5), input(3, 5, 'USER_DEFINED')],
    });
    expect(response.httpStatusCode).toBe(207);
    const body = response.data as BatchResponsePublicAssociationDefinitionUserConfigurationWithErrors;
    expect(body.status).toBe('COMPLETE');
    expect(body.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 3, label: null, userEnforcedMaxToObjectIds: 5 },
    ]);
    expect(body.numErrors).toBe(2);
    const [wrongDirection, wrongCategory] = body.errors ?? [];
    expect(wrongDirection).toEqual({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Association type 4 is not an association type of 0-3 → 0-1',
      context: expect.objectContaining({ code: ['TYPE_NOT_IN_DIRECTION'], typeId: ['4'] }) as unknown,
      links: {},
      errors: [],
    });
    expect(wrongCategory!.message).toContain('HUBSPOT_DEFINED, not USER_DEFINED');
    expect(body.startedAt).toBeInstanceOf(Date);
  });

  it('infers a missing category from the typeId', async () => {
    const b = await dealContactLabel('linfer');
    const api = await limitsApi('linfer');
    const created = await api.batchCreate('deals', 'contacts', { inputs: [input(3, 7), input(b, 2)] });
    expect(created.results.map((r) => [r.category, r.typeId])).toEqual([
      ['HUBSPOT_DEFINED', 3],
      ['USER_DEFINED', b],
    ]);
    // HubSpot's labelled types (Primary) have limits too.
    const primary = await api.batchCreate('contacts', 'companies', { inputs: [input(1, 1)] });
    expect(primary.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary', userEnforcedMaxToObjectIds: 1 },
    ]);
  });

  it('keeps create and update apart, and a repeated create is a no-op', async () => {
    const api = await limitsApi('lmodes');
    await api.batchCreate('deals', 'contacts', { inputs: [input(3, 5)] });
    const again = await api.batchCreateWithHttpInfo('deals', 'contacts', { inputs: [input(3, 5)] });
    expect(again.httpStatusCode).toBe(201);
    const changed = await api.batchCreateWithHttpInfo('deals', 'contacts', { inputs: [input(3, 6)] });
    expect(changed.httpStatusCode).toBe(207);
    expect((changed.data as { errors: { message: string }[] }).errors[0]!.message).toContain('use batch/update');
    const unconfigured = await api.batchUpdateWithHttpInfo('contacts', 'deals', { inputs: [input(4, 6)] });
    expect(unconfigured.httpStatusCode).toBe(207);
    expect((unconfigured.data as { errors: { message: string }[] }).errors[0]!.message).toContain('use batch/create');
    const updated = await api.batchUpdateWithHttpInfo('deals', 'contacts', { inputs: [input(3, 6)] });
    expect(updated.httpStatusCode).toBe(200);
    expect(updated.data.results).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 3, userEnforcedMaxToObjectIds: 6 }]);
  });

  it('serves the same routes under /crm/associations/v4 (LimitsApi)', async () => {
    const created = await viaLimitsApi(
      'lprefix',
      (f) => f.batchCreate('deals', 'contacts', { inputs: [input(3, 5)] }),
      (p, r) => p.batchCreateWithHttpInfo(r),
    );
    expect(created.httpStatusCode).toBe(201);
    const updated = await viaLimitsApi(
      'lprefix',
      (f) => f.batchUpdate('deals', 'contacts', { inputs: [input(3, 8)] }),
      (p, r) => p.batchUpdateWithHttpInfo(r),
    );
    expect(updated.data.results[0]!.userEnforcedMaxToObjectIds).toBe(8);
    const between = await viaLimitsApi(
      'lprefix',
      (f) => f.getPageBetweenTwoObjectTypes('deal', '0-1'),
      (p, r) => p.getPageBetweenTwoObjectTypesWithHttpInfo(r),
    );
    expect(between.data.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 3, label: null, userEnforcedMaxToObjectIds: 8 },
    ]);
    const purged = await viaLimitsApi(
      'lprefix',
      (f) => f.batchRemove('deals', 'contacts', { inputs: [{ category: 'HUBSPOT_DEFINED', typeId: 3 }] }),
      (p, r) => p.batchRemoveWithHttpInfo(r),
    );
    expect(purged.httpStatusCode).toBe(204);
  });

  it('lets only super admins write; users and auditors read', async () => {
    const asUser = await limitsApi('lroles', ['user']);
    const { code, body } = await sdkError(asUser.batchCreate('deals', 'contacts', { inputs: [input(3, 5)] }));
    expect(code).toBe(403);
    expect(body.category).toBe('MISSING_SCOPES');
    expect((await asUser.getAll()).results).toEqual([]);
    const asAuditor = await limitsApi('lroles', ['auditor']);
    expect((await asAuditor.getAllBetweenTwoObjectTypes('deals', 'contacts')).results).toEqual([]);
  });

  it('refuses malformed requests whole with 400', async () => {
    const api = await limitsApi('l400');
    const cases: (() => Promise<unknown>)[] = [
      () => api.batchCreate('deals', 'contacts', { inputs: [] }),
      () => api.batchCreate('deals', 'contacts', { inputs: Array.from({ length: 1001 }, () => input(3, 5)) }),
      () => api.batchCreate('deals', 'contacts', { inputs: [{ typeId: 3 } as CreateInput] }),
      () => api.batchCreate('deals', 'contacts', { inputs: [input(3, 5, 'SOMETHING')] }),
      () => api.batchCreate('deals', 'unicorns', { inputs: [input(3, 5)] }),
      () => api.batchRemove('deals', 'contacts', { inputs: [{ category: 'HUBSPOT_DEFINED', typeId: 4 }] }),
      () => api.getAllBetweenTwoObjectTypes('deals', 'unicorns'),
    ];
    for (const call of cases) {
      const { code, body } = await sdkError(call());
      expect(code).toBe(400);
      expect(body.category).toBe('VALIDATION_ERROR');
    }
  });

  describe('when a label limit and its pair limit are set concurrently', () => {
    it('never stores a label limit above the pair limit', async () => {
      const accountId = 'lrace';
      const b = await dealContactLabel(accountId);
      // Straight to the writer, so both commands read before either appends (HTTP would mostly serialize them).
      const writer = sdk.app.get(AssociationLimitWriter);
      const pair = await writer.resolvePair(commandContext(accountId), 'deals', 'contacts');
      const set = (typeId: number, limit: number, round: number) =>
        writer
          .set(commandContext(accountId), pair.from, pair.to, { typeId, maxToObjectIds: limit }, 'create', `r${round}`)
          .then(
            () => true,
            (error: unknown) => {
              if (error instanceof DomainError) return false;
              throw error;
            },
          );
      for (let round = 0; round < 30; round++) {
        const won = await Promise.all([set(b, 10, round), set(3, 5, round)]);
        // Both cannot win: label 10 > pair 5.
        expect(won).not.toEqual([true, true]);
        for (const typeId of [b, 3]) {
          await writer.purge(commandContext(accountId), pair.from, pair.to, { typeId }, `purge-${round}-${typeId}`);
        }
      }

      const store = sdk.app.get<EventStore>(EVENT_STORE);
      const events = await store.readAll({ filter: { accountId } });
      let schema = accountSchemaFold.initialState();
      const labels = new Map<string, LabelState>();
      for (const event of events) {
        if (event.streamName.startsWith('schema-')) schema = accountSchemaFold.evolve(schema, event as DomainEvent);
        if (event.streamName.startsWith('label-')) {
          const state = labels.get(event.streamName) ?? labelDecider.initialState();
          labels.set(event.streamName, labelDecider.evolve(state, event as never));
        }
        const pairLimit = pairLimitOf(schema.pairLimits, 3);
        for (const state of labels.values()) {
          if (state.status === 'NotCreated') continue;
          const side = [state.label.forward, state.label.inverse].find((s) => s.typeId === b);
          if (side === undefined || side.limit === 'many' || pairLimit === 'many') continue;
          expect(side.limit).toBeLessThanOrEqual(pairLimit);
        }
      }
    });
  });
});

describe('the batch size limit (BATCH_MAX_INPUTS)', () => {
  it('refuses a batch over the configured size whole, and takes one at it', async () => {
    const sdk = await startSdkApp({ env: { BATCH_MAX_INPUTS: '2' } });
    try {
      const token = await sdk.token({ accountId: 'bsize' });
      const send = (count: number) =>
        fetch(`${sdk.basePath}/crm/v4/associations/definitions/configurations/deals/contacts/batch/create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            inputs: Array.from({ length: count }, () => ({
              category: 'HUBSPOT_DEFINED',
              typeId: 3,
              maxToObjectIds: 5,
            })),
          }),
        });
      const over = await send(3);
      expect(over.status).toBe(400);
      expect(((await over.json()) as { message: string }).message).toBe('Too many inputs: 3; a batch takes at most 2');
      expect((await send(2)).status).toBe(201);
    } finally {
      await sdk.close();
    }
  });
});
