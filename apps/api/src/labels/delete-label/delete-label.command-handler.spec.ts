import { loadAppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { MemoryReadModelStore, labelUsageKey, labelUsageProjection } from '@app/read-models';
import type { Principal } from '../../auth/principal';
import { AccountPositions } from '../../commands/account-positions';
import type { CommandContext } from '../../commands/command-context';
import { CommandExecutor } from '../../commands/command-executor';
import { CheckpointWaiter } from '../../consistency/checkpoint-waiter';
import { AccountSchemaService } from '../../schema/account-schema.service';
import { StreamLoader } from '../../schema/stream-loader';
import { CreateLabelCommand } from '../create-label/create-label.command';
import { CreateLabelCommandHandler } from '../create-label/create-label.command-handler';
import { DeleteLabelCommand } from './delete-label.command';
import { DeleteLabelCommandHandler } from './delete-label.command-handler';
import { LabelUsageReader } from './label-usage.reader';

/** The delete guard against a usage projection whose contents and checkpoint the test controls. */
describe('DeleteLabelCommandHandler', () => {
  const principal: Principal = { userId: 'admin', accountId: 'acc', roles: ['super_admin'] };
  let n = 0;
  const context = (): CommandContext => ({
    accountId: 'acc',
    actor: 'admin',
    commandId: `cmd-${++n}`,
    correlationId: 'corr',
    causationId: 'corr',
    now: '2026-11-29T00:00:00.000Z',
    route: 'test',
    principal,
  });

  let store: MemoryEventStore;
  let readModels: MemoryReadModelStore;
  let create: CreateLabelCommandHandler;
  let remove: DeleteLabelCommandHandler;
  beforeEach(() => {
    store = new MemoryEventStore();
    readModels = new MemoryReadModelStore();
    const executor = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store));
    const schemas = new AccountSchemaService(new StreamLoader(store), executor);
    const config = loadAppConfig({
      EVENT_STORE: 'memory',
      JWT_SECRET: 'x'.repeat(32),
      READ_YOUR_WRITES_TIMEOUT_MS: '200',
    });
    const usage = new LabelUsageReader(readModels, new CheckpointWaiter(readModels), config);
    create = new CreateLabelCommandHandler(schemas, executor);
    remove = new DeleteLabelCommandHandler(schemas, executor, usage);
  });

  /** What the usage projection would have written had `count` associations carried `typeId`, checkpointed at head. */
  const projectUsage = async (typeId: number, count: number) => {
    const head = await store.headPosition();
    const ops = [{ op: 'hincrby' as const, key: labelUsageKey('acc'), field: `${typeId}`, by: count }];
    await readModels.apply({
      ns: { projection: labelUsageProjection.name, generation: 1 },
      events: [{ position: head + 1000n, ops }],
      checkpoint: head + 1000n,
    });
  };
  const projectLater = (typeId: number) =>
    new Promise<void>((resolve, reject) => setTimeout(() => projectUsage(typeId, 0).then(resolve, reject), 50));
  const createLabel = async () => {
    const { result } = await create.execute(
      new CreateLabelCommand(context(), 'contacts', 'companies', {
        name: 'mgr',
        label: 'Manager',
        inverseLabel: 'Employee',
      }),
    );
    return result.types.map((t) => t.typeId) as [number, number];
  };
  const labelEvents = async () => {
    const all = await store.readAll();
    return all
      .filter((e) => e.streamName.startsWith('label-acc.') && !e.streamName.includes('hubspot'))
      .map((e) => e.type);
  };

  it('cancels the deletion and names the usage when the projection counts associations with the label', async () => {
    const [manager, employee] = await createLabel();
    await projectUsage(employee, 2);
    const refusal = remove.execute(new DeleteLabelCommand(context(), 'contacts', 'companies', manager));
    await expect(refusal).rejects.toThrow(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'LABEL_IN_USE', context: { associations: 2 } });
    expect(await labelEvents()).toEqual(['LabelCreated', 'LabelRetiring', 'LabelRetirementCancelled']);
  });

  it('deletes the label once the projection has passed its retirement and counts nothing', async () => {
    const [manager] = await createLabel();
    await projectUsage(manager, 0);
    const deleting = remove.execute(new DeleteLabelCommand(context(), 'contacts', 'companies', manager));
    // The retirement is appended after the projected checkpoint: the guard must wait for the projection to pass it.
    await Promise.all([deleting, projectLater(manager)]);
    expect(await labelEvents()).toEqual(['LabelCreated', 'LabelRetiring', 'LabelDeleted']);
  });

  it('deletes nothing when the projection does not pass the retirement in time (503, label active again)', async () => {
    const [manager] = await createLabel();
    await expect(
      remove.execute(new DeleteLabelCommand(context(), 'contacts', 'companies', manager)),
    ).rejects.toMatchObject({
      code: 'LABEL_USAGE_UNKNOWN',
    });
    expect(await labelEvents()).toEqual(['LabelCreated', 'LabelRetiring', 'LabelRetirementCancelled']);
  });

  it('finishes a deletion an earlier request left half-way (label still retiring)', async () => {
    const [manager] = await createLabel();
    await expect(
      remove.execute(new DeleteLabelCommand(context(), 'contacts', 'companies', manager)),
    ).rejects.toMatchObject({
      code: 'LABEL_USAGE_UNKNOWN',
    });
    // Simulate a crash between the phases: put the label back into retirement by hand, as a stopped request leaves it.
    const [labelStreamName] = [...new Set((await store.readAll()).map((e) => e.streamName))].filter(
      (s) => s.startsWith('label-acc.') && !s.includes('hubspot'),
    );
    const revision = await store.streamRevision(labelStreamName!);
    const retiring = (await store.readStream(labelStreamName!)).find((e) => e.type === 'LabelRetiring')!;
    await store.append([
      {
        stream: labelStreamName!,
        expected: revision!,
        events: [{ ...retiring, id: '00000000-0000-4000-8000-000000000001' }],
      },
    ]);
    const deleting = remove.execute(new DeleteLabelCommand(context(), 'contacts', 'companies', manager));
    await Promise.all([deleting, projectLater(manager)]);
    expect((await labelEvents()).slice(-2)).toEqual(['LabelRetiring', 'LabelDeleted']);
  });
});
