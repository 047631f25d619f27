import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import { associationsProjection } from './associations.projection';
import { readAssociationsPage } from './associations.view';

const by = { changedBy: 'u-1', changedAt: '2026-01-01T10:00:00.000Z' };
const link = (type: string, from: [string, string], to: [string, string], typeIds: number[], extra = {}) =>
  recorded({
    type,
    accountId: '1',
    data: {
      objectTypeId: from[0],
      recordId: from[1],
      toObjectTypeId: to[0],
      toRecordId: to[1],
      typeIds,
      ...by,
      ...extra,
    },
  });
const C1: [string, string] = ['0-1', '1'];
const k = (id: string): [string, string] => ['0-2', id];

describe('associations projection', () => {
  const page = (spec: ProjectionSpec, after?: number, limit?: number) =>
    readAssociationsPage(spec.store, spec.ns, '1', '0-1', '1', '0-2', {
      ...(after !== undefined && { after }),
      ...(limit !== undefined && { limit }),
    });

  it('lists counterparts in id order with the typeIds of this side, a page at a time', async () => {
    const spec = await ProjectionSpec.for(associationsProjection).given([
      link('AssociationLabeled', C1, k('20'), [279], { created: true }),
      link('AssociationLabeled', C1, k('3'), [279, 1000], { created: true }),
      link('AssociationLabeled', C1, k('100'), [279], { created: true }),
      link('AssociationLabeled', C1, k('3'), [1], { created: false }),
    ]);
    const first = await page(spec, undefined, 2);
    expect(first).toEqual({
      results: [
        { toObjectId: '3', typeIds: [1, 279, 1000] },
        { toObjectId: '20', typeIds: [279] },
      ],
      paging: { next: { after: '100' } },
    });
    expect(await page(spec, 100, 2)).toEqual({ results: [{ toObjectId: '100', typeIds: [279] }] });
  });

  it('unlabeling keeps the pair; removing it drops the id and every typeId', async () => {
    const spec = await ProjectionSpec.for(associationsProjection).given([
      link('AssociationLabeled', C1, k('3'), [1, 279, 1000], { created: true }),
      link('AssociationLabeled', C1, k('4'), [279], { created: true }),
      link('AssociationUnlabeled', C1, k('3'), [1, 1000]),
      link('AssociationRemoved', C1, k('4'), [279], { reason: 'API' }),
    ]);
    expect(await page(spec)).toEqual({ results: [{ toObjectId: '3', typeIds: [279] }] });
    const removed = await ProjectionSpec.for(associationsProjection).given([
      link('AssociationLabeled', C1, k('3'), [279, 1000], { created: true }),
      link('AssociationRemoved', C1, k('3'), [279, 1000], { reason: 'API' }),
    ]);
    expect(await page(removed)).toEqual({ results: [] });
    expect(await removed.hgetall('pair:1:0-1:1:0-2:3')).toEqual({});
  });

  it('the same event twice changes nothing', async () => {
    const events = [
      link('AssociationLabeled', C1, k('3'), [279, 1000], { created: true }),
      link('AssociationUnlabeled', C1, k('3'), [1000]),
    ];
    const once = await (await ProjectionSpec.for(associationsProjection).given(events)).dump();
    const twice = await (
      await ProjectionSpec.for(associationsProjection).given([events[0]!, events[0]!, events[1]!, events[1]!])
    ).dump();
    expect(twice).toBe(once);
  });
});
