import {
  DomainError,
  accountSchemaDecider,
  accountSchemaFold,
  type AccountSchema,
  type CommandMetadata,
  type DomainEvent,
  type RegisterLabel,
} from '@app/domain';
import { resolveV3Types, v3AssociationTypes } from './v3-association-types';

const metadata: CommandMetadata = {
  accountId: '1',
  actor: 'a',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  now: '2026-01-01T00:00:00.000Z',
};

function schemaWith(...labels: RegisterLabel['data'][]): AccountSchema {
  const events: DomainEvent[] = [
    { type: 'AccountProvisioned', data: { accountId: '1', provisionedBy: 'a', provisionedAt: 't' } },
  ];
  let registry = accountSchemaDecider.initialState();
  for (const data of labels) {
    const registered = accountSchemaDecider.decide({ type: 'RegisterLabel', data, metadata }, registry);
    registry = registered.reduce(accountSchemaDecider.evolve, registry);
    events.push(...registered);
  }
  return events.reduce(accountSchemaFold.evolve, accountSchemaFold.initialState());
}

describe('v3 association types', () => {
  const schema = schemaWith(
    {
      labelId: 'l1',
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      shape: 'paired',
      name: 'manager',
      inverseName: 'employee',
    },
    { labelId: 'l2', fromObjectTypeId: '0-1', toObjectTypeId: '0-2', shape: 'single', name: 'mentor' },
    { labelId: 'l3', fromObjectTypeId: '0-1', toObjectTypeId: '0-1', shape: 'single', name: 'friend' },
  );

  it("names HubSpot's types and each custom label's direction as GET …/types does", () => {
    expect(v3AssociationTypes(schema, '0-1', '0-2')).toEqual([
      { typeId: 279, category: 'HUBSPOT_DEFINED', name: 'contact_to_company_unlabeled' },
      { typeId: 1, category: 'HUBSPOT_DEFINED', name: 'contact_to_company' },
      { typeId: 1000, category: 'USER_DEFINED', name: 'manager' },
      { typeId: 1002, category: 'USER_DEFINED', name: 'mentor' },
    ]);
    // The inverse direction: a paired label's inverse name, a single label's one name.
    expect(v3AssociationTypes(schema, '0-2', '0-1').map((t) => [t.typeId, t.name])).toEqual([
      [280, 'company_to_contact_unlabeled'],
      [2, 'company_to_contact'],
      [1001, 'employee'],
      [1003, 'mentor'],
    ]);
    // A same-object single label is one type, its own inverse.
    expect(v3AssociationTypes(schema, '0-1', '0-1').map((t) => [t.typeId, t.name])).toEqual([
      [449, 'contact_to_contact'],
      [1004, 'friend'],
    ]);
  });

  it('resolves names case-insensitively and typeIds, and refuses every unknown one at once', () => {
    const types = v3AssociationTypes(schema, '0-1', '0-2');
    const pair = { fromObjectTypeId: '0-1', toObjectTypeId: '0-2' };
    expect(resolveV3Types(types, ['Manager', '279', 'contact_to_company'], pair).map((t) => t.typeId)).toEqual([
      1000, 279, 1,
    ]);
    let error: unknown;
    try {
      resolveV3Types(types, ['manager', 'employee', 'nope', 'nope', '280'], pair);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'UNKNOWN_ASSOCIATION_TYPE',
      context: { type: ['employee', 'nope', '280'], fromObjectTypeId: '0-1', toObjectTypeId: '0-2' },
    });
  });
});
