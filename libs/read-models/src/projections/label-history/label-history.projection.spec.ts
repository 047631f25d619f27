import type { RecordedEvent } from '@app/event-store';
import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import { labelHistoryProjection, labelTypeIdsKey } from './label-history.projection';
import {
  labelIdOfTypeId,
  readLabelHistory,
  type LabelHistoryFilter,
  type LabelHistoryPageRequest,
} from './label-history.view';

const changed = { labelId: 'L1', changedBy: 'u-2', changedAt: '2026-02-01T10:00:00.000Z' };
const created = {
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
  createdBy: 'u-1',
  createdAt: '2026-01-15T09:00:00.000Z',
  warnings: [],
};
const metadata = (actor: string, accountId = '1') => ({
  accountId,
  actor,
  commandId: `cmd-${actor}`,
  correlationId: `corr-${actor}`,
  causationId: `cmd-${actor}`,
  schemaVersion: 1,
});
const labelEvent = (type: string, data: Record<string, unknown>, actor = 'u-2', accountId = '1') =>
  recorded({ type, data, metadata: metadata(actor, accountId), streamName: `label-${accountId}.L1` });

function lifecycle(accountId = '1'): RecordedEvent[] {
  return [
    labelEvent('LabelCreated', created, 'u-1', accountId),
    labelEvent(
      'LabelRenamed',
      {
        ...changed,
        before: { label: 'Manager', inverseLabel: 'Employee' },
        after: { label: 'Boss', inverseLabel: 'Employee' },
        warnings: [],
      },
      'u-2',
      accountId,
    ),
    labelEvent('LabelLimitChanged', { ...changed, typeId: 1001, before: 'many', after: 3 }, 'u-2', accountId),
    labelEvent('LabelRetiring', { ...changed, typeIds: [1000, 1001] }, 'u-2', accountId),
    labelEvent(
      'LabelRetirementCancelled',
      {
        ...changed,
        typeIds: [1000, 1001],
        reason: 'IN_USE',
        usage: { associations: 2, lists: [], workflows: [], reports: [] },
      },
      'u-2',
      accountId,
    ),
    labelEvent('LabelRetiring', { ...changed, typeIds: [1000, 1001] }, 'u-2', accountId),
    labelEvent('LabelDeleted', { ...changed, typeIds: [1000, 1001] }, 'u-2', accountId),
  ];
}

async function given(events: readonly RecordedEvent[]): Promise<ProjectionSpec> {
  return ProjectionSpec.for(labelHistoryProjection).given(events);
}

describe('label-history projection', () => {
  describe('when a label went through its whole lifecycle', () => {
    it('records every change oldest first, with actor, time and before/after', async () => {
      const events = lifecycle();
      const spec = await given(events);
      const { results, paging } = await readLabelHistory(spec.store, spec.ns, '1', 'L1');
      expect(paging).toBeUndefined();
      expect(results.map((e) => e.type)).toEqual([
        'LabelCreated',
        'LabelRenamed',
        'LabelLimitChanged',
        'LabelRetiring',
        'LabelRetirementCancelled',
        'LabelRetiring',
        'LabelDeleted',
      ]);
      expect(results.map((e) => e.position)).toEqual(events.map((e) => e.position.toString()));
      expect(results[0]).toEqual({
        position: events[0]!.position.toString(),
        occurredAt: '2026-01-15T09:00:00.000Z',
        actor: { userId: 'u-1' },
        type: 'LabelCreated',
        before: null,
        after: {
          label: 'Manager',
          inverseLabel: 'Employee',
          name: 'manager',
          inverseName: 'employee',
          typeId: 1000,
          inverseTypeId: 1001,
          category: 'USER_DEFINED',
          shape: 'paired',
          fromObjectTypeId: '0-1',
          toObjectTypeId: '0-2',
        },
        commandId: 'cmd-u-1',
        correlationId: 'corr-u-1',
      });
      expect(results[1]).toMatchObject({
        occurredAt: '2026-02-01T10:00:00.000Z',
        actor: { userId: 'u-2' },
        before: { label: 'Manager', inverseLabel: 'Employee' },
        after: { label: 'Boss', inverseLabel: 'Employee' },
      });
      expect(results.slice(2).map(({ before, after }) => ({ before, after }))).toEqual([
        { before: { typeId: 1001, limit: 'many' }, after: { typeId: 1001, limit: 3 } },
        { before: { status: 'Active' }, after: { status: 'Retiring' } },
        {
          before: { status: 'Retiring' },
          after: {
            status: 'Active',
            reason: 'IN_USE',
            usage: { associations: 2, lists: [], workflows: [], reports: [] },
          },
        },
        { before: { status: 'Active' }, after: { status: 'Retiring' } },
        { before: { status: 'Retiring' }, after: { status: 'Deleted' } },
      ]);
    });

    it('still finds the deleted label by either typeId', async () => {
      const spec = await given(lifecycle());
      expect(await labelIdOfTypeId(spec.store, spec.ns, '1', 1000)).toBe('L1');
      expect(await labelIdOfTypeId(spec.store, spec.ns, '1', 1001)).toBe('L1');
      expect(await labelIdOfTypeId(spec.store, spec.ns, '1', 1002)).toBeUndefined();
    });
  });

  it('falls back to the recorded time when the event carries none', async () => {
    const event = labelEvent('LabelDeleted', { labelId: 'L1', changedBy: 'u-2', typeIds: [1000] });
    const spec = await given([event]);
    const { results } = await readLabelHistory(spec.store, spec.ns, '1', 'L1');
    expect(results[0]!.occurredAt).toBe(event.recordedAt);
  });

  it('keeps accounts apart', async () => {
    const spec = await given([...lifecycle('1'), labelEvent('LabelCreated', created, 'u-9', '2')]);
    expect((await readLabelHistory(spec.store, spec.ns, '2', 'L1')).results).toHaveLength(1);
    expect((await readLabelHistory(spec.store, spec.ns, '1', 'L1')).results).toHaveLength(7);
    expect(await spec.hgetall(labelTypeIdsKey('2'))).toEqual({ '1000': 'L1', '1001': 'L1' });
  });

  it('indexes a same-object single label under its one typeId', async () => {
    const single = { ...created, toObjectTypeId: '0-1', shape: 'single', inverseTypeId: 1000, inverseLabel: null };
    const spec = await given([labelEvent('LabelCreated', single)]);
    expect(await spec.hgetall(labelTypeIdsKey('1'))).toEqual({ '1000': 'L1' });
  });

  describe('paging', () => {
    it('pages from the last position of the previous page, with next only when there is more', async () => {
      const events = lifecycle();
      const spec = await given(events);
      const positions: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await readLabelHistory(spec.store, spec.ns, '1', 'L1', { after, limit: 3 });
        pages += 1;
        positions.push(...page.results.map((e) => e.position));
        after = page.paging?.next.after;
        if (after !== undefined) expect(after).toBe(page.results[page.results.length - 1]!.position);
      } while (after !== undefined);
      expect(pages).toBe(3);
      expect(positions).toEqual(events.map((e) => e.position.toString()));
    });

    it('an exactly full last page has no next', async () => {
      const events = lifecycle().slice(0, 4);
      const spec = await given(events);
      const first = await readLabelHistory(spec.store, spec.ns, '1', 'L1', { limit: 2 });
      const second = await readLabelHistory(spec.store, spec.ns, '1', 'L1', {
        limit: 2,
        after: first.paging!.next.after,
      });
      expect(second.results.map((e) => e.position)).toEqual(events.slice(2).map((e) => e.position.toString()));
      expect(second.paging).toBeUndefined();
    });

    it('after the last position answers an empty page', async () => {
      const events = lifecycle();
      const spec = await given(events);
      const last = events[events.length - 1]!.position.toString();
      expect(await readLabelHistory(spec.store, spec.ns, '1', 'L1', { after: last })).toEqual({ results: [] });
    });
  });

  describe('filters', () => {
    let spec: ProjectionSpec;
    beforeAll(async () => {
      spec = await given(lifecycle());
    });
    const page = (filter: LabelHistoryFilter, more: Omit<LabelHistoryPageRequest, 'filter'> = {}) =>
      readLabelHistory(spec.store, spec.ns, '1', 'L1', { filter, ...more });
    const types = (p: { results: { type: string }[] }) => p.results.map((e) => e.type);

    it('by type: any of the given ones', async () => {
      expect(types(await page({ types: ['LabelRetiring', 'LabelDeleted'] }))).toEqual([
        'LabelRetiring',
        'LabelRetiring',
        'LabelDeleted',
      ]);
    });

    it('by actor', async () => {
      expect(types(await page({ actor: 'u-1' }))).toEqual(['LabelCreated']);
      expect(types(await page({ actor: 'nobody' }))).toEqual([]);
    });

    it('by time: from inclusive, to exclusive, on the time of the change', async () => {
      const created = Date.parse('2026-01-15T09:00:00.000Z');
      const changed = Date.parse('2026-02-01T10:00:00.000Z');
      expect(types(await page({ to: changed }))).toEqual(['LabelCreated']);
      expect((await page({ from: changed })).results).toHaveLength(6);
      expect(types(await page({ from: created, to: created + 1 }))).toEqual(['LabelCreated']);
    });

    it('composed, and with paging: next points past the last entry shown', async () => {
      const first = await page({ actor: 'u-2', types: ['LabelRetiring', 'LabelDeleted'] }, { limit: 2 });
      expect(types(first)).toEqual(['LabelRetiring', 'LabelRetiring']);
      const second = await page(
        { actor: 'u-2', types: ['LabelRetiring', 'LabelDeleted'] },
        { limit: 2, after: first.paging!.next.after },
      );
      expect(types(second)).toEqual(['LabelDeleted']);
      expect(second.paging).toBeUndefined();
    });

    it('scans a bounded stretch per page: a narrow filter answers short pages with next until the end', async () => {
      const read = (after?: string) =>
        readLabelHistory(spec.store, spec.ns, '1', 'L1', { filter: { types: ['LabelDeleted'] }, after, scanBudget: 3 });
      const first = await read();
      expect(first.results).toEqual([]);
      expect(first.paging).toBeDefined();
      const second = await read(first.paging!.next.after);
      expect(types(second)).toEqual([]);
      const third = await read(second.paging!.next.after);
      expect(types(third)).toEqual(['LabelDeleted']);
      expect(third.paging).toBeUndefined();
    });
  });

  it('the same event twice changes nothing', async () => {
    const events = lifecycle();
    const once = await (await given(events)).dump();
    const twice = await (await given([...events, ...events])).dump();
    expect(twice).toBe(once);
  });
});
