import type { RecordedEvent } from '@app/event-store';
import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import { associationHistoryProjection } from './association-history.projection';
import { readAssociationHistory, type AssociationHistoryPageRequest } from './association-history.view';

const C1 = { objectTypeId: '0-1', recordId: '11' };
const K1 = { objectTypeId: '0-2', recordId: '21' };
const K2 = { objectTypeId: '0-2', recordId: '22' };

let command = 0;
interface Step {
  actor?: string;
  accountId?: string;
  route?: string;
  causationId?: string;
}
/** The events of one command: both sides of each change, as the links streams record them. */
function commandEvents(
  changes: { type: string; from: typeof C1; to: typeof C1; typeIds: number[]; extra?: Record<string, unknown> }[],
  {
    actor = 'u-1',
    accountId = '1',
    route = 'PUT /crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    causationId,
  }: Step = {},
): RecordedEvent[] {
  command += 1;
  const metadata = {
    accountId,
    actor,
    commandId: `cmd-${command}`,
    correlationId: `corr-${command}`,
    causationId: causationId ?? `corr-${command}`,
    schemaVersion: 1,
    route,
  };
  return changes.map(({ type, from, to, typeIds, extra }) =>
    recorded({
      type,
      metadata,
      streamName: `links-${accountId}.${from.objectTypeId}.${from.recordId}`,
      data: {
        objectTypeId: from.objectTypeId,
        recordId: from.recordId,
        toObjectTypeId: to.objectTypeId,
        toRecordId: to.recordId,
        typeIds,
        changedBy: actor,
        changedAt: '2026-01-01T00:00:00.000Z',
        ...extra,
      },
    }),
  );
}

const labelCreated = (): RecordedEvent =>
  recorded({
    type: 'LabelCreated',
    streamName: 'label-1.L1',
    data: {
      labelId: 'L1',
      category: 'USER_DEFINED',
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      shape: 'paired',
      typeId: 1000,
      inverseTypeId: 1001,
      label: 'Manager',
      inverseLabel: 'Employee',
      name: 'manager',
      inverseName: 'employee',
      createdBy: 'admin',
      createdAt: '2026-01-01T00:00:00.000Z',
      warnings: [],
    },
  });
const labelRenamed = (): RecordedEvent =>
  recorded({
    type: 'LabelRenamed',
    streamName: 'label-1.L1',
    data: {
      labelId: 'L1',
      changedBy: 'admin',
      changedAt: '2026-01-01T00:00:00.000Z',
      before: { label: 'Manager', inverseLabel: 'Employee' },
      after: { label: 'Boss', inverseLabel: 'Staff' },
      warnings: [],
    },
  });

/** C1–K1 created, labeled Manager, Primary set on K2 then moved to K1, Manager replaced, then C1 archived. */
function lifecycle(): RecordedEvent[] {
  return [
    labelCreated(),
    ...commandEvents([
      { type: 'AssociationLabeled', from: C1, to: K1, typeIds: [279], extra: { created: true } },
      { type: 'AssociationLabeled', from: K1, to: C1, typeIds: [280], extra: { created: true } },
    ]),
    ...commandEvents(
      [
        { type: 'AssociationLabeled', from: C1, to: K1, typeIds: [1000], extra: { created: false } },
        { type: 'AssociationLabeled', from: K1, to: C1, typeIds: [1001], extra: { created: false } },
      ],
      { actor: 'u-2' },
    ),
    ...commandEvents([
      { type: 'AssociationLabeled', from: C1, to: K2, typeIds: [1, 279], extra: { created: true } },
      { type: 'AssociationLabeled', from: K2, to: C1, typeIds: [2, 280], extra: { created: true } },
    ]),
    // The Primary moves from K2 to K1: one command writes three streams.
    ...commandEvents([
      { type: 'AssociationUnlabeled', from: C1, to: K2, typeIds: [1] },
      { type: 'AssociationLabeled', from: C1, to: K1, typeIds: [1], extra: { created: false } },
      { type: 'AssociationUnlabeled', from: K2, to: C1, typeIds: [2] },
      { type: 'AssociationLabeled', from: K1, to: C1, typeIds: [2], extra: { created: false } },
    ]),
    labelRenamed(),
    // 'set' to nothing custom: Manager goes (unlabeled, then nothing added).
    ...commandEvents([
      { type: 'AssociationUnlabeled', from: C1, to: K1, typeIds: [1000] },
      { type: 'AssociationUnlabeled', from: K1, to: C1, typeIds: [1001] },
    ]),
    ...commandEvents(
      [
        { type: 'AssociationRemoved', from: C1, to: K1, typeIds: [1, 279], extra: { reason: 'RECORD_ARCHIVED' } },
        { type: 'AssociationRemoved', from: K1, to: C1, typeIds: [2, 280], extra: { reason: 'RECORD_ARCHIVED' } },
      ],
      { actor: 'process-manager:archive-cascade', route: 'process-manager:archive-cascade', causationId: 'archived-1' },
    ),
  ];
}

async function given(events: readonly RecordedEvent[]): Promise<ProjectionSpec> {
  return ProjectionSpec.for(associationHistoryProjection).given(events);
}
const read = (spec: ProjectionSpec, from = C1, to = K1, request: AssociationHistoryPageRequest = {}, account = '1') =>
  readAssociationHistory(spec.store, spec.ns, account, from, to, request);

describe('association-history projection', () => {
  describe('when a pair went through its whole life', () => {
    it("shows every change from the record's side, oldest first, with before/after and who/how/why", async () => {
      const spec = await given(lifecycle());
      const { results, paging } = await read(spec);
      expect(paging).toBeUndefined();
      expect(results.map((e) => e.type)).toEqual([
        'CREATED',
        'LABELS_ADDED',
        'PRIMARY_MOVED_TO',
        'LABELS_REMOVED',
        'REMOVED_RECORD_ARCHIVED',
      ]);
      expect(results[0]).toMatchObject({
        before: [],
        after: [{ typeId: 279, category: 'HUBSPOT_DEFINED', label: null }],
        added: [279],
        removed: [],
        actor: { userId: 'u-1' },
        route: 'PUT /crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
      });
      // Label texts are the last known ones (renamed before the read).
      expect(results[1]).toMatchObject({
        actor: { userId: 'u-2' },
        before: [{ typeId: 279 }],
        after: [{ typeId: 279 }, { typeId: 1000, category: 'USER_DEFINED', label: 'Boss' }],
      });
      expect(results[2]!.after.map((l) => l.label)).toEqual(['Primary', null, 'Boss']);
      expect(results[4]).toMatchObject({
        reason: 'RECORD_ARCHIVED',
        before: [{ typeId: 1, label: 'Primary' }, { typeId: 279 }],
        after: [],
        removed: [1, 279],
        actor: { userId: 'process-manager:archive-cascade' },
        route: 'process-manager:archive-cascade',
        causationId: 'archived-1',
      });
      expect(results.every((e) => e.commandId.startsWith('cmd-') && e.correlationId.startsWith('corr-'))).toBe(true);
    });

    it("the counterpart's side names the same changes with its own typeIds", async () => {
      const spec = await given(lifecycle());
      const { results } = await read(spec, K1, C1);
      expect(results.map((e) => e.type)).toEqual([
        'CREATED',
        'LABELS_ADDED',
        'PRIMARY_MOVED_TO',
        'LABELS_REMOVED',
        'REMOVED_RECORD_ARCHIVED',
      ]);
      expect(results[1]!.after).toEqual([
        { typeId: 280, category: 'HUBSPOT_DEFINED', label: null },
        { typeId: 1001, category: 'USER_DEFINED', label: 'Staff' },
      ]);
    });

    it('the former Primary pair shows the Primary moving away', async () => {
      const spec = await given(lifecycle());
      const { results } = await read(spec, C1, K2);
      expect(results.map((e) => [e.type, e.after.map((l) => l.typeId)])).toEqual([
        ['CREATED', [1, 279]],
        ['PRIMARY_MOVED_AWAY', [279]],
      ]);
    });
  });

  describe('filters', () => {
    it('by type, actor and time', async () => {
      const events = lifecycle();
      const spec = await given(events);
      expect((await read(spec, C1, K1, { types: ['LABELS_ADDED', 'CREATED'] })).results.map((e) => e.type)).toEqual([
        'CREATED',
        'LABELS_ADDED',
      ]);
      expect((await read(spec, C1, K1, { actor: 'u-2' })).results.map((e) => e.type)).toEqual(['LABELS_ADDED']);
      const all = (await read(spec)).results;
      const window = await read(spec, C1, K1, { from: all[1]!.recordedAt, to: all[3]!.recordedAt });
      expect(window.results.map((e) => e.type)).toEqual(['LABELS_ADDED', 'PRIMARY_MOVED_TO']);
    });
  });

  describe('paging', () => {
    it('pages from the last position of the previous page, with next only when there is more', async () => {
      const spec = await given(lifecycle());
      const all = (await read(spec)).results.map((e) => e.position);
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await read(spec, C1, K1, { limit: 2, ...(after !== undefined && { after }) });
        pages += 1;
        seen.push(...page.results.map((e) => e.position));
        after = page.paging?.next.after;
        if (after !== undefined) expect(after).toBe(page.results[page.results.length - 1]!.position);
      } while (after !== undefined);
      expect(pages).toBe(3);
      expect(seen).toEqual(all);
    });

    it('a later page still knows what the pair carried before', async () => {
      const spec = await given(lifecycle());
      const first = await read(spec, C1, K1, { limit: 3 });
      const second = await read(spec, C1, K1, { after: first.paging!.next.after });
      expect(second.results[0]!.before.map((l) => l.typeId)).toEqual([1, 279, 1000]);
    });

    it('an exactly full last page has no next', async () => {
      const spec = await given(lifecycle());
      expect((await read(spec, C1, K1, { limit: 5 })).paging).toBeUndefined();
    });

    it('reads a long history in bounded pages', async () => {
      const events: RecordedEvent[] = commandEvents([
        { type: 'AssociationLabeled', from: C1, to: K1, typeIds: [279], extra: { created: true } },
      ]);
      for (let i = 0; i < 300; i++) {
        events.push(
          ...commandEvents([
            { type: i % 2 ? 'AssociationUnlabeled' : 'AssociationLabeled', from: C1, to: K1, typeIds: [1000] },
          ]),
        );
      }
      const spec = await given(events);
      const zrange = jest.spyOn(spec.store, 'zrange');
      const first = await read(spec);
      expect(first.results).toHaveLength(50);
      expect(zrange).toHaveBeenCalledTimes(1);
      expect((await read(spec, C1, K1, { after: first.paging!.next.after })).results[0]!.type).toBe('LABELS_REMOVED');
    });
  });

  it('keeps accounts apart', async () => {
    const spec = await given([
      ...lifecycle(),
      ...commandEvents([{ type: 'AssociationLabeled', from: C1, to: K1, typeIds: [279], extra: { created: true } }], {
        accountId: '2',
      }),
    ]);
    expect((await read(spec, C1, K1, {}, '2')).results.map((e) => e.type)).toEqual(['CREATED']);
    expect((await read(spec, C1, K1, {}, '1')).results).toHaveLength(5);
    expect((await read(spec, C1, K1, {}, '3')).results).toEqual([]);
  });

  it('the same event twice changes nothing', async () => {
    const events = lifecycle();
    const once = await (await given(events)).dump();
    const twice = await (await given([...events, ...events])).dump();
    expect(twice).toBe(once);
  });
});
