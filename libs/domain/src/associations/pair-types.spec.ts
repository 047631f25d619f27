import { labelState } from './association.spec-fixtures';
import { buildPairTypes, inverseOf } from './pair-types';

const manager = labelState({
  labelId: 'manager',
  from: '0-1',
  to: '0-2',
  typeId: 1000,
  inverseTypeId: 1001,
  label: 'Manager',
  inverseLabel: 'Employee',
  limit: 2,
  inverseLimit: 5,
});
const primary = labelState({
  labelId: 'hubspot_1',
  from: '0-1',
  to: '0-2',
  typeId: 1,
  inverseTypeId: 2,
  label: 'Primary',
  inverseLabel: 'Primary',
  category: 'HUBSPOT_DEFINED',
});
const parent = labelState({
  labelId: 'hubspot_13',
  from: '0-2',
  to: '0-2',
  typeId: 13,
  inverseTypeId: 14,
  label: 'Parent Company',
  inverseLabel: 'Child Company',
  category: 'HUBSPOT_DEFINED',
});
const partner = labelState({
  labelId: 'p',
  from: '0-2',
  to: '0-2',
  typeId: 1006,
  inverseTypeId: 1006,
  label: 'Partner',
});
const otherPair = labelState({ labelId: 'x', from: '0-3', to: '0-1', typeId: 1004, inverseTypeId: 1005, label: 'X' });
const pairLimits = { limits: { 280: { fromObjectTypeId: '0-2', toObjectTypeId: '0-1', limit: 7 } } };
const labels = [manager, primary, parent, partner, otherPair, { status: 'NotCreated' as const }];

describe('buildPairTypes', () => {
  describe('for contact → company', () => {
    const types = buildPairTypes({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', pairLimits, labels });

    it('has the unlabeled type with the pair limits per direction', () =>
      expect(types.unlabeled).toEqual({ typeId: 279, inverseTypeId: 280, limit: 'many', inverseLimit: 7 }));

    it('lists the labels of this direction only, with their limits both ways', () => {
      expect([...types.labels.keys()]).toEqual([1000, 1]);
      expect(types.labels.get(1000)).toEqual({
        typeId: 1000,
        inverseTypeId: 1001,
        category: 'USER_DEFINED',
        label: 'Manager',
        inverseLabel: 'Employee',
        status: 'Active',
        limit: 2,
        inverseLimit: 5,
        primary: false,
      });
      expect(types.labels.get(1)).toMatchObject({ category: 'HUBSPOT_DEFINED', primary: true });
    });

    it('maps typeIds to the other side', () => {
      expect(inverseOf(types, 279)).toBe(280);
      expect(inverseOf(types, 1000)).toBe(1001);
      expect(inverseOf(types, 1001)).toBeUndefined();
    });
  });

  describe('for company → contact (a label seen from its inverse side)', () => {
    const types = buildPairTypes({ fromObjectTypeId: '0-2', toObjectTypeId: '0-1', pairLimits, labels });

    it('swaps typeIds, texts and limits', () => {
      expect(types.unlabeled).toEqual({ typeId: 280, inverseTypeId: 279, limit: 7, inverseLimit: 'many' });
      expect(types.labels.get(1001)).toMatchObject({
        inverseTypeId: 1000,
        label: 'Employee',
        inverseLabel: 'Manager',
        limit: 5,
        inverseLimit: 2,
      });
      expect(types.labels.get(2)).toMatchObject({ inverseTypeId: 1, primary: true });
    });
  });

  describe('for a same-object pair', () => {
    const types = buildPairTypes({ fromObjectTypeId: '0-2', toObjectTypeId: '0-2', pairLimits, labels });

    it('has both directions of a paired label and one typeId for a single one', () => {
      expect(types.unlabeled).toMatchObject({ typeId: 450, inverseTypeId: 450 });
      expect([...types.labels.keys()].sort((a, b) => a - b)).toEqual([13, 14, 1006]);
      expect(types.labels.get(14)).toMatchObject({ inverseTypeId: 13, label: 'Child Company' });
      expect(types.labels.get(1006)).toMatchObject({ inverseTypeId: 1006, label: 'Partner', inverseLabel: 'Partner' });
    });
  });
});
