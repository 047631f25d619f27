import type { LabelDefinition } from '@app/domain';
import { labelInUseError } from './label-in-use.error';

const definition: LabelDefinition = {
  labelId: 'L1',
  category: 'USER_DEFINED',
  fromObjectTypeId: '0-1',
  toObjectTypeId: '0-2',
  shape: 'paired',
  forward: { typeId: 1000, name: 'manager', label: 'Manager', limit: 'many' },
  inverse: { typeId: 1001, name: 'employee', label: 'Employee', limit: 'many' },
  createdBy: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
};
const usage = { associations: 2, lists: [], workflows: ['w1'], reports: [] };

describe('label in use error', () => {
  it('names the label by its texts and internal name, and every count', () => {
    const error = labelInUseError({ status: 'Retiring', label: definition }, [1000, 1001], usage);
    expect(error.code).toBe('LABEL_IN_USE');
    expect(error.message).toBe(
      'Label "Manager" / "Employee" (manager, typeIds 1000/1001) is in use and was not deleted: 2 associations, ' +
        '0 lists, 1 workflow and 0 reports use it',
    );
    expect(error.context).toEqual({
      typeIds: [1000, 1001],
      label: ['Manager', 'Employee'],
      name: 'manager',
      associations: 2,
      lists: [],
      workflows: ['w1'],
      reports: [],
    });
  });

  it('names a single label by its one text', () => {
    const single = { ...definition, shape: 'single' as const, inverse: { ...definition.inverse, label: 'Manager' } };
    const error = labelInUseError({ status: 'Active', label: single }, [1000, 1001], { ...usage, associations: 1 });
    expect(error.message).toMatch(/^Label "Manager" \(manager, typeIds 1000\/1001\) is in use .*: 1 association, /);
  });
});
