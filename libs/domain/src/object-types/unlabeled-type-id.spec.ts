import fc from 'fast-check';
import { DomainError } from '../shared/domain.error';
import {
  CUSTOM_OBJECT_NUMBER_MAX,
  DERIVED_UNLABELED_TYPE_ID_MIN,
  derivedUnlabeledTypeId,
  objectTypeSlot,
  typeIdRange,
  USER_DEFINED_TYPE_ID_MAX,
} from './unlabeled-type-id';

const objectTypeId = fc.oneof(
  fc.constantFrom('0-1', '0-2', '0-3', '0-5', '0-421', '0-420', '0-410', '0-162', '0-136'),
  fc.integer({ min: 1, max: CUSTOM_OBJECT_NUMBER_MAX }).map((n) => `2-${n}`),
);

describe('derived unlabeled typeIds', () => {
  it('pins built-in slots to catalogue order and custom objects above 63', () => {
    expect(['0-1', '0-2', '0-3', '0-5', '0-421', '0-420', '0-410', '0-162', '0-136'].map(objectTypeSlot)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(objectTypeSlot('2-1')).toBe(64);
  });

  it('derives known values (a regression pin: changing them would re-key stored associations)', () => {
    expect(derivedUnlabeledTypeId('0-1', '0-421')).toBe(2 ** 30 + 16);
    expect(derivedUnlabeledTypeId('0-421', '0-1')).toBe(2 ** 30 + 20);
    expect(derivedUnlabeledTypeId('0-421', '0-421')).toBe(2 ** 30 + 24);
    expect(derivedUnlabeledTypeId('2-1', '0-2')).toBe(2 ** 30 + 64 * 64 + 64 + 1);
  });

  it('gives distinct ordered pairs distinct ids, all in the derived range of a signed 32-bit int', () =>
    fc.assert(
      fc.property(objectTypeId, objectTypeId, objectTypeId, objectTypeId, (a, b, c, d) => {
        const id = derivedUnlabeledTypeId(a, b);
        expect(id).toBeGreaterThanOrEqual(DERIVED_UNLABELED_TYPE_ID_MIN);
        expect(id).toBeLessThanOrEqual(2 ** 31 - 1);
        expect(typeIdRange(id)).toBe('DERIVED_UNLABELED');
        if (a !== c || b !== d) expect(derivedUnlabeledTypeId(c, d)).not.toBe(id);
      }),
    ));

  it('reaches 2^31 - 1 exactly at the largest custom object number', () => {
    const last = `2-${CUSTOM_OBJECT_NUMBER_MAX}`;
    expect(derivedUnlabeledTypeId(last, last)).toBe(2 ** 31 - 1);
  });

  it.each(['0-7', '2-0', `2-${CUSTOM_OBJECT_NUMBER_MAX + 1}`, 'contacts'])('refuses %j', (id) => {
    expect(() => objectTypeSlot(id)).toThrow(DomainError);
    expect(() => objectTypeSlot(id)).toThrow(expect.objectContaining({ code: 'INVALID_CUSTOM_OBJECT_TYPE_ID' }));
  });

  it.each([
    [1, 'HUBSPOT_FIXED'],
    [452, 'HUBSPOT_FIXED'],
    [999, 'HUBSPOT_FIXED'],
    [1000, 'USER_DEFINED'],
    [USER_DEFINED_TYPE_ID_MAX, 'USER_DEFINED'],
    [DERIVED_UNLABELED_TYPE_ID_MIN, 'DERIVED_UNLABELED'],
  ])('classifies %i as %s', (typeId, range) => expect(typeIdRange(typeId)).toBe(range));
});
