import { DeciderSpec } from '@app/testing';
import { fold } from '../shared/decider';
import { availableObjectTypes } from './object-type.catalogue';
import {
  isObjectTypeEvent,
  objectTypesDecider,
  objectTypesOf,
  type CustomObjectDefined,
  type CustomObjectDeleted,
  type CustomObjectProperty,
  type DefineCustomObject,
  type DeleteCustomObject,
  type ObjectTypeActivated,
  type ObjectTypeEvent,
  type UpdateCustomObject,
} from './object-types.decider';
import { CUSTOM_OBJECT_NUMBER_MAX } from './unlabeled-type-id';

const NOW = '2025-01-02T03:04:05.000Z';
const LATER = '2025-02-03T04:05:06.000Z';
const metadata = {
  accountId: 'acc-1',
  actor: 'user-7',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: NOW,
};
const property = (name: string, type: CustomObjectProperty['type'] = 'string'): CustomObjectProperty => ({
  name,
  label: name.toUpperCase(),
  type,
  fieldType: 'text',
});
const CAR_PROPERTIES = [property('model'), property('year', 'number'), property('vin')];

const define = (name = 'car', overrides: Partial<DefineCustomObject['data']> = {}): DefineCustomObject => ({
  type: 'DefineCustomObject',
  data: {
    portalId: '123',
    name,
    labels: { singular: 'Car', plural: 'Cars' },
    properties: CAR_PROPERTIES,
    associatedObjects: ['0-1'],
    ...overrides,
  },
  metadata,
});
const defined = (n: number, name = 'car', at = NOW): CustomObjectDefined => ({
  type: 'CustomObjectDefined',
  data: {
    objectTypeId: `2-${n}`,
    name,
    fullyQualifiedName: `p123_${name}`,
    labels: { singular: 'Car', plural: 'Cars' },
    description: null,
    primaryDisplayProperty: 'model',
    secondaryDisplayProperties: [],
    requiredProperties: [],
    searchableProperties: [],
    properties: CAR_PROPERTIES,
    associatedObjects: ['0-1'],
    definedBy: 'user-7',
    definedAt: at,
  },
});
const deleted = (n: number, name = 'car'): CustomObjectDeleted => ({
  type: 'CustomObjectDeleted',
  data: { objectTypeId: `2-${n}`, name, fullyQualifiedName: `p123_${name}`, deletedBy: 'user-7', deletedAt: NOW },
});
const activated = (objectTypeId: string): ObjectTypeActivated => ({
  type: 'ObjectTypeActivated',
  data: { objectTypeId, activatedBy: 'user-7', activatedAt: NOW },
});
const activate = (objectTypeId: string) => ({ type: 'ActivateObjectType' as const, data: { objectTypeId }, metadata });
const update = (changes: UpdateCustomObject['data']['changes'], objectTypeId = '2-1'): UpdateCustomObject => ({
  type: 'UpdateCustomObject',
  data: { objectTypeId, changes },
  metadata: { ...metadata, now: LATER },
});
const remove = (objectTypeId: string, labelsInUse = 0): DeleteCustomObject => ({
  type: 'DeleteCustomObject',
  data: { objectTypeId, labelsInUse },
  metadata,
});
const provisioned: ObjectTypeEvent = {
  type: 'AccountProvisioned',
  data: { accountId: 'acc-1', provisionedBy: 'user-7', provisionedAt: NOW },
};

const spec = DeciderSpec.for(objectTypesDecider);
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to be refused');
};

describe('object types decider', () => {
  it('recognises only its own events on the shared schema stream', () => {
    [provisioned, activated('0-421'), defined(1), deleted(1)].forEach((e) => expect(isObjectTypeEvent(e)).toBe(true));
    expect(isObjectTypeEvent({ type: 'LabelRegistered', data: {} })).toBe(false);
    expect(isObjectTypeEvent({ type: 'LabelUnregistered', data: {} })).toBe(false);
    expect(isObjectTypeEvent({ type: 'PairLimitChanged', data: {} })).toBe(false);
  });

  describe('when the account is not provisioned', () => {
    it('provisions it', () => spec.when({ type: 'ProvisionAccount', data: {}, metadata }).then([provisioned]));

    it('still accepts other commands: the app provisions first', () => {
      spec.when(activate('0-421')).then([activated('0-421')]);
      spec.when(define()).then([defined(1)]);
    });
  });

  describe('when the account is provisioned', () => {
    it('treats provisioning it again as done', () =>
      spec.given([provisioned]).when({ type: 'ProvisionAccount', data: {}, metadata }).then([]));

    it.each(['0-421', '0-420', '0-410', '0-162', '0-136'])('activates %s', (id) =>
      spec
        .given([provisioned])
        .when(activate(id))
        .then([activated(id)]),
    );

    it.each(['0-1', '0-3', '0-999', '2-1', 'listings'])(
      'refuses to activate %s, listing the activatable ones',
      (id) => {
        spec.given([provisioned]).when(activate(id)).thenThrows('UNKNOWN_OBJECT_TYPE');
        const message = messageOf(() => spec.when(activate(id)).events());
        expect(message).toContain(id);
        expect(message).toContain('0-421 (appointments), 0-420 (listings), 0-410 (courses), 0-162 (services), 0-136');
      },
    );
  });

  describe('when an object type is activated', () => {
    const withListings = spec.given([provisioned, activated('0-420')]);

    it('treats activating it again as done', () => withListings.when(activate('0-420')).then([]));

    it('keeps the activation order', () => {
      const state = fold(objectTypesDecider, [provisioned, activated('0-420'), activated('0-136'), activated('0-420')]);
      expect(state.activated).toEqual(['0-420', '0-136']);
    });
  });

  describe('when no custom object is defined', () => {
    const empty = spec.given([provisioned]);

    it('defines 2-1, with p<portalId>_<name>, the first property as primary and empty lists', () =>
      empty.when(define()).then([defined(1)]));

    it('keeps the display, required and searchable properties and the description it is given', () => {
      const cmd = define('car', {
        description: 'Fleet cars',
        primaryDisplayProperty: 'vin',
        secondaryDisplayProperties: ['model'],
        requiredProperties: ['vin', 'year'],
        searchableProperties: ['model', 'vin'],
      });
      const [event] = empty.when(cmd).events();
      expect(event!.data).toMatchObject({
        description: 'Fleet cars',
        primaryDisplayProperty: 'vin',
        secondaryDisplayProperties: ['model'],
        requiredProperties: ['vin', 'year'],
        searchableProperties: ['model', 'vin'],
      });
    });

    it.each(['', '1car', '_car', 'my car', 'my-car', 'voiture_é'])('refuses the name %j', (name) =>
      empty.when(define(name)).thenThrows('INVALID_OBJECT_NAME'),
    );

    it.each(['Car_2', 'c', 'fleetVehicle'])('accepts the name %j', (name) =>
      expect(empty.when(define(name)).events()).toHaveLength(1),
    );

    it.each(['contact', 'Contacts', 'COMPANY', 'tickets', 'appointment', 'Leads'])(
      'refuses the name of the built-in object type %j',
      (name) => empty.when(define(name)).thenThrows('OBJECT_NAME_TAKEN'),
    );

    it.each([
      ['an empty singular label', { singular: '', plural: 'Cars' }],
      ['a blank plural label', { singular: 'Car', plural: '  ' }],
    ])('refuses %s', (_, labels) => empty.when(define('car', { labels })).thenThrows('INVALID_OBJECT_LABELS'));

    it.each([
      ['no properties', []],
      ['a property declared twice, in any case', [property('model'), property('Model')]],
      ['an invalid property name', [property('model'), property('2nd_owner')]],
      ['an unknown property type', [{ ...property('model'), type: 'text' as CustomObjectProperty['type'] }]],
    ])('refuses %s', (_, properties) => empty.when(define('car', { properties })).thenThrows('INVALID_PROPERTIES'));

    it.each([
      ['primaryDisplayProperty', { primaryDisplayProperty: 'colour' }],
      ['secondaryDisplayProperties', { secondaryDisplayProperties: ['model', 'colour'] }],
      ['requiredProperties', { requiredProperties: ['colour'] }],
      ['searchableProperties', { searchableProperties: ['colour'] }],
    ])('refuses an undeclared property in %s, naming it', (role, overrides) => {
      empty.when(define('car', overrides)).thenThrows('UNKNOWN_PROPERTY');
      expect(messageOf(() => empty.when(define('car', overrides)).events())).toContain(`${role} names "colour"`);
    });
  });

  describe('when custom objects are defined', () => {
    const history = [provisioned, defined(1, 'car'), defined(2, 'boat')];
    const withObjects = spec.given(history);

    it('allocates the next n', () => withObjects.when(define('plane')).then([defined(3, 'plane')]));

    it('refuses the name of a live custom object, in any case', () =>
      withObjects.when(define('Boat')).thenThrows('OBJECT_NAME_TAKEN'));

    it('lists them with the activated types for availableObjectTypes()', () => {
      const state = fold(objectTypesDecider, [...history, activated('0-136')]);
      const custom = availableObjectTypes(objectTypesOf(state)).filter((t) => t.kind !== 'STANDARD');
      expect(custom.map((t) => t.objectTypeId)).toEqual(['0-136', '2-1', '2-2']);
      expect(objectTypesOf(state).customObjects[1]).toEqual({
        objectTypeId: '2-2',
        name: 'boat',
        fullyQualifiedName: 'p123_boat',
      });
    });
  });

  describe('when the last custom object was deleted', () => {
    const afterDelete = spec.given([provisioned, defined(1, 'car'), defined(2, 'boat'), deleted(2, 'boat')]);

    it('never reuses its n: the next object gets a new one', () =>
      afterDelete.when(define('plane')).then([defined(3, 'plane')]));

    it('frees its name, which a new object takes with a new n', () =>
      afterDelete.when(define('boat')).then([defined(3, 'boat')]));

    it('no longer lists it', () => {
      const state = fold(objectTypesDecider, [provisioned, defined(1), defined(2, 'boat'), deleted(2, 'boat')]);
      expect(objectTypesOf(state).customObjects.map((o) => o.objectTypeId)).toEqual(['2-1']);
      expect(state.nextCustomObjectNumber).toBe(3);
    });

    it('does not find it to update or delete it again', () => {
      afterDelete
        .when(update({ labels: { singular: 'Ship', plural: 'Ships' } }, '2-2'))
        .thenThrows('CUSTOM_OBJECT_NOT_FOUND');
      afterDelete.when(remove('2-2')).thenThrows('CUSTOM_OBJECT_NOT_FOUND');
    });
  });

  describe('when the custom object ids are nearly used up', () => {
    const nearlyFull = spec.given([defined(CUSTOM_OBJECT_NUMBER_MAX - 1, 'car')]);

    it('allocates the last one', () =>
      expect(nearlyFull.when(define('boat')).events()[0]!.data).toMatchObject({
        objectTypeId: `2-${CUSTOM_OBJECT_NUMBER_MAX}`,
      }));

    it('refuses one more', () =>
      nearlyFull
        .given([defined(CUSTOM_OBJECT_NUMBER_MAX, 'boat'), deleted(CUSTOM_OBJECT_NUMBER_MAX, 'boat')])
        .when(define('plane'))
        .thenThrows('CUSTOM_OBJECT_IDS_EXHAUSTED'));
  });

  describe('when a custom object is defined', () => {
    const withCar = spec.given([provisioned, defined(1)]);
    const before = {
      labels: { singular: 'Car', plural: 'Cars' },
      description: null,
      primaryDisplayProperty: 'model',
      secondaryDisplayProperties: [],
      requiredProperties: [],
      searchableProperties: [],
    };

    it('updates its labels and display properties, with before and after', () =>
      withCar.when(update({ labels: { singular: 'Auto', plural: 'Autos' }, primaryDisplayProperty: 'vin' })).then([
        {
          type: 'CustomObjectUpdated',
          data: {
            objectTypeId: '2-1',
            before,
            after: { ...before, labels: { singular: 'Auto', plural: 'Autos' }, primaryDisplayProperty: 'vin' },
            changedBy: 'user-7',
            changedAt: LATER,
          },
        },
      ]));

    it('folds the update and stamps updatedAt, keeping createdAt, the name and the properties', () => {
      const cmd = update({ description: 'Fleet', requiredProperties: ['vin'] });
      const state = fold(objectTypesDecider, [provisioned, defined(1), ...withCar.when(cmd).events()]);
      expect(state.customObjects['2-1']).toMatchObject({
        name: 'car',
        description: 'Fleet',
        requiredProperties: ['vin'],
        properties: CAR_PROPERTIES,
        createdAt: NOW,
        updatedAt: LATER,
      });
    });

    it('treats a change to the current values as done', () => {
      withCar.when(update({})).then([]);
      withCar.when(update({ labels: { singular: 'Car', plural: 'Cars' }, description: null })).then([]);
    });

    it('refuses empty labels', () =>
      withCar.when(update({ labels: { singular: 'Auto', plural: '' } })).thenThrows('INVALID_OBJECT_LABELS'));

    it.each([
      { primaryDisplayProperty: 'colour' },
      { secondaryDisplayProperties: ['colour'] },
      { requiredProperties: ['colour'] },
      { searchableProperties: ['model', 'colour'] },
    ])('refuses an undeclared property in %j', (changes) =>
      withCar.when(update(changes)).thenThrows('UNKNOWN_PROPERTY'),
    );

    it('does not find an unknown id', () =>
      withCar.when(update({ description: 'x' }, '2-9')).thenThrows('CUSTOM_OBJECT_NOT_FOUND'));

    it('deletes it when no custom label uses it', () => withCar.when(remove('2-1')).then([deleted(1)]));

    it('refuses to delete it while custom labels use it, saying how many', () => {
      withCar.when(remove('2-1', 3)).thenThrows('CUSTOM_OBJECT_IN_USE');
      expect(messageOf(() => withCar.when(remove('2-1', 3)).events())).toMatch(
        /3 custom association labels.*deleted first/,
      );
    });

    it('does not find an unknown id to delete', () =>
      withCar.when(remove('2-2')).thenThrows('CUSTOM_OBJECT_NOT_FOUND'));
  });
});
