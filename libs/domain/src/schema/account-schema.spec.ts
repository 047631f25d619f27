import { accountSchemaDecider } from '../labels/account-schema.decider';
import { HUBSPOT_LABELS } from '../labels/hubspot-labels';
import { labelDecider } from '../labels/label.decider';
import type { CommandMetadata, DomainEvent } from '../shared/decider';
import { accountSchemaFold, labelRefOfTypeId, schemaObjectTypes } from './account-schema';

const metadata: CommandMetadata = {
  accountId: '1',
  actor: 'a',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  now: '2026-01-01T00:00:00.000Z',
};
const fold = (events: DomainEvent[]) => events.reduce(accountSchemaFold.evolve, accountSchemaFold.initialState());

describe('account schema', () => {
  it('folds each registry from its own events and ignores events it does not own', () => {
    const registered = accountSchemaDecider.decide(
      {
        type: 'RegisterLabel',
        data: { labelId: 'l1', fromObjectTypeId: '0-1', toObjectTypeId: '0-3', shape: 'single', name: 'x' },
        metadata,
      },
      accountSchemaDecider.initialState(),
    );
    const schema = fold([
      { type: 'AccountProvisioned', data: { accountId: '1', provisionedBy: 'a', provisionedAt: 't' } },
      { type: 'ObjectTypeActivated', data: { objectTypeId: '0-136', activatedBy: 'a', activatedAt: 't' } },
      ...registered,
      {
        type: 'PairLimitChanged',
        data: {
          fromObjectTypeId: '0-1',
          toObjectTypeId: '0-3',
          typeId: 4,
          before: 'many',
          after: 3,
          changedBy: 'a',
          changedAt: 't',
        },
      },
      { type: 'SomethingElse', data: {} },
    ]);
    expect(schema.objectTypes.provisioned).toBe(true);
    expect(schemaObjectTypes(schema).map((t) => t.objectTypeId)).toEqual(['0-1', '0-2', '0-3', '0-5', '0-136']);
    expect(schema.pairLimits.limits['4']).toMatchObject({ limit: 3 });
    expect(labelRefOfTypeId(schema, 1000)).toMatchObject({
      labelId: 'l1',
      category: 'USER_DEFINED',
      inverseTypeId: 1001,
    });
    expect(labelRefOfTypeId(schema, 1001)?.labelId).toBe('l1');
    expect(labelRefOfTypeId(schema, 4)).toBeUndefined();
  });

  it("knows HubSpot's labelled types by either typeId, in every account", () => {
    const schema = fold([]);
    expect(labelRefOfTypeId(schema, 2)).toMatchObject({ labelId: 'hubspot_1', category: 'HUBSPOT_DEFINED' });
    expect(labelRefOfTypeId(schema, 25)).toMatchObject({ labelId: 'hubspot_26', fromObjectTypeId: '0-5' });
    expect(labelRefOfTypeId(schema, 14)).toMatchObject({ labelId: 'hubspot_13', typeId: 13, inverseTypeId: 14 });
  });

  it("HubSpot's labelled types are valid HUBSPOT_DEFINED label definitions (Primary ×3, parent/child company)", () => {
    expect(HUBSPOT_LABELS.map((l) => [l.typeId, l.inverseTypeId, l.label])).toEqual([
      [1, 2, 'Primary'],
      [5, 6, 'Primary'],
      [26, 25, 'Primary'],
      [13, 14, 'Parent Company'],
    ]);
    for (const data of HUBSPOT_LABELS) {
      const [event] = labelDecider.decide({ type: 'DefineHubSpotLabel', data, metadata }, labelDecider.initialState());
      expect(event).toMatchObject({ type: 'LabelCreated', data: { category: 'HUBSPOT_DEFINED' } });
    }
  });
});
