import { HUBSPOT_LABELS, labelDecider, type CommandMetadata, type DomainEvent } from '@app/domain';
import { ProjectionSpec, recorded } from '../../../testing/projection-spec';
import { accountAssociationTypes, associationTypesBetween } from './association-types';
import { labelCatalogueKey, labelCatalogueProjection } from './label-catalogue.projection';
import { toLabelCatalogue } from './label-catalogue.view';

const metadata: CommandMetadata = {
  accountId: '7',
  actor: 'admin',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  now: '2026-01-01T00:00:00.000Z',
};
const at = (event: DomainEvent) => recorded({ type: event.type, data: event.data, accountId: '7' });

const created = labelDecider.decide(
  {
    type: 'CreateLabel',
    data: {
      labelId: 'l1',
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      typeId: 1000,
      inverseTypeId: 1001,
      shape: 'paired',
      name: 'manager',
      label: 'Manager',
      inverseName: 'employee',
      inverseLabel: 'Employee',
    },
    metadata,
  },
  labelDecider.initialState(),
)[0]!;
const hubSpotPrimary = labelDecider.decide(
  { type: 'DefineHubSpotLabel', data: HUBSPOT_LABELS[0]!, metadata },
  labelDecider.initialState(),
)[0]!;
const changed = { changedBy: 'admin', changedAt: '2026-01-02T00:00:00.000Z' };
const renamed: DomainEvent = {
  type: 'LabelRenamed',
  data: {
    labelId: 'l1',
    before: { label: 'Manager', inverseLabel: 'Employee' },
    after: { label: 'Boss', inverseLabel: 'Employee' },
    warnings: [],
    ...changed,
  },
};
const limited = (typeId: number, after: number | 'many'): DomainEvent => ({
  type: 'LabelLimitChanged',
  data: { labelId: 'l1', typeId, before: 'many', after, ...changed },
});
const pairLimit = (after: number | 'many'): DomainEvent => ({
  type: 'PairLimitChanged',
  data: { fromObjectTypeId: '0-1', toObjectTypeId: '0-2', typeId: 279, before: 'many', after, ...changed },
});

async function catalogue(events: DomainEvent[]) {
  const spec = await ProjectionSpec.for(labelCatalogueProjection).given(events.map(at));
  return toLabelCatalogue(await spec.hgetall(labelCatalogueKey('7')));
}

describe('label-catalogue projection', () => {
  it('lists a created label with its texts, names and typeIds, in both directions', async () => {
    const view = await catalogue([created]);
    expect(view.labels).toEqual([
      expect.objectContaining({
        labelId: 'l1',
        category: 'USER_DEFINED',
        status: 'Active',
        forward: { typeId: 1000, name: 'manager', label: 'Manager', limit: 'many' },
        inverse: { typeId: 1001, name: 'employee', label: 'Employee', limit: 'many' },
      }),
    ]);
    expect(associationTypesBetween(view, '0-2', '0-1')).toContainEqual(
      expect.objectContaining({ typeId: 1001, label: 'Employee', category: 'USER_DEFINED', inverseTypeId: 1000 }),
    );
  });

  it('follows renames, limits (per direction) and the pair limit; purges drop them', async () => {
    const view = await catalogue([created, renamed, limited(1001, 3), pairLimit(10)]);
    expect(view.labels[0]).toMatchObject({ forward: { label: 'Boss', limit: 'many' }, inverse: { limit: 3 } });
    const between = associationTypesBetween(view, '0-1', '0-2');
    expect(between.find((t) => t.typeId === 279)).toMatchObject({ label: null, limit: 10 });
    const purged = await catalogue([
      created,
      limited(1001, 3),
      pairLimit(10),
      limited(1001, 'many'),
      pairLimit('many'),
    ]);
    expect(purged.labels[0]!.inverse.limit).toBe('many');
    expect(purged.pairLimits).toEqual([]);
  });

  it('marks a retiring label, clears the mark on cancellation, and forgets a deleted label', async () => {
    const retiring = { type: 'LabelRetiring', data: { labelId: 'l1', typeIds: [1000, 1001], ...changed } };
    const cancelled = { type: 'LabelRetirementCancelled', data: { labelId: 'l1', typeIds: [1000, 1001], ...changed } };
    const deleted = { type: 'LabelDeleted', data: { labelId: 'l1', typeIds: [1000, 1001], ...changed } };
    expect((await catalogue([created, retiring])).labels[0]!.status).toBe('Retiring');
    expect((await catalogue([created, retiring, cancelled])).labels[0]!.status).toBe('Active');
    const gone = await catalogue([created, limited(1000, 2), retiring, deleted]);
    expect(gone.labels).toEqual([]);
    expect(accountAssociationTypes(gone).some((t) => t.typeId === 1000 || t.typeId === 1001)).toBe(false);
  });

  it("shows HubSpot's types with their fixed texts, with or without provisioning, and their configured limits", async () => {
    const fresh = associationTypesBetween(await catalogue([]), '0-1', '0-2');
    expect(fresh.map((t) => [t.typeId, t.label])).toEqual([
      [279, null],
      [1, 'Primary'],
    ]);
    const primaryLimited: DomainEvent = {
      type: 'LabelLimitChanged',
      data: { labelId: 'hubspot_1', typeId: 1, before: 'many', after: 1, ...changed },
    };
    const provisioned = await catalogue([
      { type: 'AccountProvisioned', data: { accountId: '7', provisionedBy: 'a', provisionedAt: 't' } },
      hubSpotPrimary,
      primaryLimited,
    ]);
    expect(provisioned.provisioned).toBe(true);
    const types = associationTypesBetween(provisioned, '0-1', '0-2');
    expect(types.map((t) => [t.typeId, t.category, t.label, t.limit])).toEqual([
      [279, 'HUBSPOT_DEFINED', null, 'many'],
      [1, 'HUBSPOT_DEFINED', 'Primary', 1],
    ]);
  });

  it('adds the unlabeled types of activated and custom object types', async () => {
    const view = await catalogue([
      { type: 'ObjectTypeActivated', data: { objectTypeId: '0-421', activatedBy: 'a', activatedAt: 't' } },
      {
        type: 'CustomObjectDefined',
        data: { objectTypeId: '2-1', name: 'car', fullyQualifiedName: 'p7_car', definedAt: 't', definedBy: 'a' },
      },
    ]);
    expect(view.activated).toEqual(['0-421']);
    expect(associationTypesBetween(view, '0-1', '0-421')).toHaveLength(1);
    expect(associationTypesBetween(view, '2-1', '2-1')).toEqual([
      expect.objectContaining({ label: null, category: 'HUBSPOT_DEFINED', name: 'car_to_car' }),
    ]);
  });

  it('the same event twice changes nothing', async () => {
    const events = [created, renamed, limited(1000, 4), pairLimit(7)].map(at);
    const once = await (await ProjectionSpec.for(labelCatalogueProjection).given(events)).dump();
    const twice = await (await ProjectionSpec.for(labelCatalogueProjection).given([...events, ...events])).dump();
    expect(twice).toBe(once);
  });
});
