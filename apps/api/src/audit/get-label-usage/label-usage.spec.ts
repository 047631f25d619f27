import { labelUsageView } from './label-usage';

describe('label usage view', () => {
  const manager = { typeId: 1000, inverseTypeId: 1001, fromObjectTypeId: '0-1', toObjectTypeId: '0-2' };

  it('sums the counts of both directions, and each end sees the total', () => {
    expect(labelUsageView(manager, { '1000': '3', '1001': '2', '7': '40' })).toEqual({
      typeId: 1000,
      associations: { total: 5, byObjectType: { '0-1': 5, '0-2': 5 } },
      tools: { lists: [], workflows: [], reports: [] },
    });
  });

  it('answers from the inverse direction with its own typeId', () => {
    const employee = { typeId: 1001, inverseTypeId: 1000, fromObjectTypeId: '0-2', toObjectTypeId: '0-1' };
    expect(labelUsageView(employee, { '1000': '3' })).toMatchObject({ typeId: 1001, associations: { total: 3 } });
  });

  it('counts a same-object single label (its own inverse) once', () => {
    const colleague = { typeId: 1002, inverseTypeId: 1002, fromObjectTypeId: '0-1', toObjectTypeId: '0-1' };
    expect(labelUsageView(colleague, { '1002': '4' }).associations).toEqual({ total: 4, byObjectType: { '0-1': 4 } });
  });

  it('an unused label counts zero', () => {
    expect(labelUsageView(manager, {}).associations).toEqual({ total: 0, byObjectType: { '0-1': 0, '0-2': 0 } });
  });
});
