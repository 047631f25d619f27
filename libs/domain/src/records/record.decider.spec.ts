import { DeciderSpec } from '@app/testing';
import { fold } from '../shared/decider';
import {
  recordDecider,
  recordStream,
  type RecordCommand,
  type RecordCreated,
  type RecordEvent,
} from './record.decider';

const metadata = {
  accountId: 'acc-1',
  actor: 'user-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
const at = '2025-03-04T05:06:07.000Z';
const ref = { objectTypeId: '0-1', recordId: '17' };
const cmd = <C extends RecordCommand>(type: C['type'], data: Omit<C['data'], 'objectTypeId' | 'recordId'>): C =>
  ({ type, data: { ...ref, ...data }, metadata }) as C;
const created: RecordCreated = {
  type: 'RecordCreated',
  data: { ...ref, properties: { email: 'a@example.com', firstname: 'Ada' }, createdBy: 'user-1', createdAt: at },
};
const archived: RecordEvent = { type: 'RecordArchived', data: { ...ref, archivedBy: 'user-1', archivedAt: at } };
const spec = DeciderSpec.for(recordDecider);

describe('record decider', () => {
  it('names the stream record-{account}.{objectTypeId}.{recordId}', () =>
    expect(recordStream('acc-1', '0-1', '17')).toBe('record-acc-1.0-1.17'));

  describe('when the record is not created', () => {
    it('creates it, by and at from metadata', () =>
      spec.when(cmd('CreateRecord', { properties: created.data.properties })).then([created]));
    it.each([
      ['update', cmd('UpdateRecord', { properties: { firstname: 'Bo' } })],
      ['archive', cmd('ArchiveRecord', {})],
    ])('refuses to %s it', (_, command) => spec.when(command).thenThrows('RECORD_NOT_FOUND'));
  });

  describe('when the record is active', () => {
    const given = spec.given([created]);
    it('a retried creation with the same properties appends nothing', () =>
      given.when(cmd('CreateRecord', { properties: { firstname: 'Ada', email: 'a@example.com' } })).then([]));
    it('refuses a creation with other properties', () =>
      given.when(cmd('CreateRecord', { properties: { email: 'b@example.com' } })).thenThrows('RECORD_EXISTS'));
    it('records only the properties that change, with before and after', () =>
      given.when(cmd('UpdateRecord', { properties: { firstname: 'Bo', email: 'a@example.com', city: 'Oslo' } })).then([
        {
          type: 'RecordUpdated',
          data: {
            ...ref,
            changes: { firstname: { before: 'Ada', after: 'Bo' }, city: { before: null, after: 'Oslo' } },
            changedBy: 'user-1',
            changedAt: at,
          },
        },
      ]));
    it('an update that changes nothing appends nothing', () =>
      given.when(cmd('UpdateRecord', { properties: { firstname: 'Ada', lastname: null } })).then([]));
    it('archives it', () => given.when(cmd('ArchiveRecord', {})).then([archived]));
    it('folds properties, clearing those set to null', () => {
      const update = given.when(cmd('UpdateRecord', { properties: { firstname: null, city: 'Oslo' } })).events();
      expect(fold(recordDecider, [created, ...update])).toMatchObject({
        status: 'Active',
        properties: { email: 'a@example.com', city: 'Oslo' },
        updatedAt: at,
      });
    });
  });

  describe('when the record is archived', () => {
    const given = spec.given([created, archived]);
    it('archiving again appends nothing', () => given.when(cmd('ArchiveRecord', {})).then([]));
    it('refuses updates', () =>
      given.when(cmd('UpdateRecord', { properties: { firstname: 'Bo' } })).thenThrows('RECORD_ARCHIVED'));
    it('refuses re-creation', () =>
      given.when(cmd('CreateRecord', { properties: created.data.properties })).thenThrows('RECORD_EXISTS'));
  });

  describe('erasure', () => {
    const erased: RecordEvent = {
      type: 'RecordErased',
      data: { ...ref, erasedBy: 'user-1', erasedAt: at, reason: 'DSR-1' },
    };
    it('of a live record archives it (so the cascade removes its associations) and marks it erased', () =>
      spec
        .given([created])
        .when(cmd('EraseRecord', { reason: 'DSR-1' }))
        .then([archived, erased]));
    it('of an archived record only marks it erased', () =>
      spec
        .given([created, archived])
        .when(cmd('EraseRecord', { reason: 'DSR-1' }))
        .then([erased]));
    it('of an erased record appends nothing', () =>
      spec
        .given([created, archived, erased])
        .when(cmd('EraseRecord', { reason: 'again' }))
        .then([]));
    it('of an unknown record is refused', () =>
      spec.when(cmd('EraseRecord', { reason: 'DSR-1' })).thenThrows('RECORD_NOT_FOUND'));
    it('leaves no properties in the state, and refuses every later change', () => {
      const given = spec.given([created, archived, erased]);
      expect(fold(recordDecider, [created, archived, erased])).toEqual({ status: 'Erased', erasedAt: at });
      given.when(cmd('UpdateRecord', { properties: { firstname: 'Bo' } })).thenThrows('RECORD_ERASED');
      given.when(cmd('ArchiveRecord', {})).then([]);
      given.when(cmd('CreateRecord', { properties: created.data.properties })).thenThrows('RECORD_EXISTS');
    });
  });
});
