import { DomainError } from '../shared/domain.error';
import { availableObjectTypes, fullyQualifiedObjectName, resolveObjectType } from './object-type.catalogue';

const car = { objectTypeId: '2-7', name: 'car', fullyQualifiedName: fullyQualifiedObjectName('12345', 'car') };
const boat = { objectTypeId: '2-3', name: 'boat', fullyQualifiedName: 'p12345_boat' };

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('object type catalogue', () => {
  describe('when the account has only the standard objects', () => {
    const types = availableObjectTypes({ activated: [], customObjects: [] });

    it('lists contacts, companies, deals and tickets', () =>
      expect(types.map((t) => t.objectTypeId)).toEqual(['0-1', '0-2', '0-3', '0-5']));

    it.each([
      ['contacts', '0-1'],
      ['contact', '0-1'],
      ['0-1', '0-1'],
      ['CONTACTS', '0-1'],
      ['Contact', '0-1'],
      ['companies', '0-2'],
      ['company', '0-2'],
      ['Companies', '0-2'],
      ['0-2', '0-2'],
      ['deals', '0-3'],
      ['deal', '0-3'],
      ['DEAL', '0-3'],
      ['0-3', '0-3'],
      ['tickets', '0-5'],
      ['ticket', '0-5'],
      ['TiCkEtS', '0-5'],
      ['0-5', '0-5'],
    ])('resolves %j to %s', (path, id) => expect(resolveObjectType(path, types)).toBe(id));

    it.each(['contactz', '0-4', '0-7', '', 'p12345_car', '2-7', 'companys', ' contacts'])(
      'refuses %j as UNKNOWN_OBJECT_TYPE naming the value',
      (path) => {
        const error = errorOf(() => resolveObjectType(path, types));
        expect(error.code).toBe('UNKNOWN_OBJECT_TYPE');
        expect(error.message).toContain(`: ${path}`);
        expect(error.context).toEqual({ objectType: path, reason: 'UNKNOWN' });
      },
    );

    it.each([
      ['appointments', '0-421'],
      ['listing', '0-420'],
      ['0-410', '0-410'],
      ['Services', '0-162'],
      ['lead', '0-136'],
    ])('refuses %j, saying %s is not activated', (path, id) => {
      const error = errorOf(() => resolveObjectType(path, types));
      expect(error.code).toBe('UNKNOWN_OBJECT_TYPE');
      expect(error.message).toContain(`'${path}'`);
      expect(error.message).toContain('not activated');
      expect(error.context).toEqual({ objectType: path, objectTypeId: id, reason: 'NOT_ACTIVATED' });
    });
  });

  describe('when an admin has activated objects', () => {
    const types = availableObjectTypes({ activated: ['0-136', '0-421', '0-420', '0-410', '0-162'], customObjects: [] });

    it('lists them after the standard ones, in catalogue order', () =>
      expect(types.map((t) => t.objectTypeId)).toEqual([
        '0-1',
        '0-2',
        '0-3',
        '0-5',
        '0-421',
        '0-420',
        '0-410',
        '0-162',
        '0-136',
      ]));

    it.each([
      ['appointments', 'appointment', '0-421'],
      ['listings', 'listing', '0-420'],
      ['courses', 'course', '0-410'],
      ['services', 'service', '0-162'],
      ['leads', 'lead', '0-136'],
    ])('resolves %s, %s and %s (any case) to the type id', (plural, singular, id) => {
      for (const path of [plural, singular, id, plural.toUpperCase(), singular[0]!.toUpperCase() + singular.slice(1)]) {
        expect(resolveObjectType(path, types)).toBe(id);
      }
    });

    it('refuses an id that is not activatable', () =>
      expect(errorOf(() => availableObjectTypes({ activated: ['0-7'], customObjects: [] })).code).toBe(
        'UNKNOWN_OBJECT_TYPE',
      ));
  });

  describe('when the account has custom objects', () => {
    const types = availableObjectTypes({ activated: [], customObjects: [car, boat, car] });

    it('lists each once after the built-ins, ordered by n', () =>
      expect(types.map((t) => t.objectTypeId)).toEqual(['0-1', '0-2', '0-3', '0-5', '2-3', '2-7']));

    it.each([
      ['2-7', '2-7'],
      ['p12345_car', '2-7'],
      ['P12345_CAR', '2-7'],
      ['2-3', '2-3'],
      ['p12345_boat', '2-3'],
    ])('resolves %j to %s', (path, id) => expect(resolveObjectType(path, types)).toBe(id));

    it.each(['car', 'cars', 'p99_car', '2-8', '2-07'])('refuses %j', (path) =>
      expect(errorOf(() => resolveObjectType(path, types)).code).toBe('UNKNOWN_OBJECT_TYPE'),
    );

    it.each(['3-1', '2-0', '2-', '0-1', '2-x'])('refuses a schema whose type id is %j', (objectTypeId) =>
      expect(
        errorOf(() => availableObjectTypes({ activated: [], customObjects: [{ ...car, objectTypeId }] })).code,
      ).toBe('INVALID_CUSTOM_OBJECT_TYPE_ID'),
    );
  });
});
