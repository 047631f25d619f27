import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryReadModelStore, type ApplyBatch, type ApplyResult } from '@app/read-models';
import { bootTestApp, signToken } from './support/test-app';

/** Read models that apply nothing until the test opens the gate: the projections fall behind the writes. */
class GatedReadModels extends MemoryReadModelStore {
  private open: () => void = () => undefined;
  private gate = Promise.resolve();

  closeGate(): void {
    this.gate = new Promise<void>((resolve) => (this.open = resolve));
  }

  openGate(): void {
    this.open();
  }

  override async apply(batch: ApplyBatch): Promise<ApplyResult> {
    await this.gate;
    return super.apply(batch);
  }
}

const pending = Symbol('pending');
const within = <T>(promise: Promise<T>, ms: number): Promise<T | typeof pending> =>
  Promise.race([promise, new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), ms))]);

describe('write backpressure (embedded mode, projections inline)', () => {
  let app: NestFastifyApplication;
  let store: GatedReadModels;
  beforeEach(() => {
    store = new GatedReadModels();
  });
  afterEach(async () => {
    store.openGate();
    await app?.close();
  });

  const create = (token: string, i: number) =>
    app.inject({
      method: 'POST',
      url: '/crm/v3/objects/contacts',
      headers: { authorization: `Bearer ${token}` },
      payload: { properties: { email: `c${i}@backpressure.example` } },
    });

  it('holds commands while the projections are more than PROJECTIONS_MAX_LAG events behind, then lets them through', async () => {
    app = await bootTestApp({ env: { PROJECTIONS_MAX_LAG: '5' }, readModels: { store } });
    const token = await signToken({ accountId: 'bp1', roles: ['super_admin'] });
    expect((await create(token, 0)).statusCode).toBe(201); // provisions the account, read models keep up
    store.closeGate();
    // Each creation is a few events: within a few, one is held until the projections apply what came before.
    let held: ReturnType<typeof create> | undefined;
    for (let i = 1; i <= 5 && held === undefined; i++) {
      const response = create(token, i);
      const answered = await within(response, 300);
      if (answered === pending) held = response;
      else expect(answered.statusCode).toBe(201);
    }
    expect(held).toBeDefined();
    store.openGate();
    expect((await held!).statusCode).toBe(201);
    expect((await create(token, 9)).statusCode).toBe(201);
  });

  it('does not hold commands with PROJECTIONS_MAX_LAG=0', async () => {
    app = await bootTestApp({ env: { PROJECTIONS_MAX_LAG: '0' }, readModels: { store } });
    const token = await signToken({ accountId: 'bp2', roles: ['super_admin'] });
    expect((await create(token, 0)).statusCode).toBe(201);
    store.closeGate();
    for (let i = 1; i <= 5; i++) {
      const response = await within(create(token, i), 2000);
      expect(response).not.toBe(pending);
      expect(response === pending ? 0 : response.statusCode).toBe(201);
    }
  });
});
