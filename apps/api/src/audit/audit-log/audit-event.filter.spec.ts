import type { RecordedEvent } from '@app/event-store';
import { concernsRecord, isFiltering, matchesAuditFilter } from './audit-event.filter';

function event(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: 'e1',
    type: 'LabelCreated',
    data: {},
    metadata: { accountId: '1', actor: 'u1', commandId: 'c', correlationId: 'r', causationId: 'r', schemaVersion: 1 },
    streamName: 'label-1.L1',
    revision: 0n,
    position: 1n,
    recordedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const link = (data: Record<string, unknown>, streamName = 'links-1.0-1.7') =>
  event({ type: 'AssociationLabeled', streamName, data });

describe('audit event filter', () => {
  it('without criteria lets everything through', () => {
    expect(isFiltering({})).toBe(false);
    expect(isFiltering({ actor: undefined })).toBe(false);
    expect(matchesAuditFilter(event(), {})).toBe(true);
  });

  it('keeps any of the given types', () => {
    expect(matchesAuditFilter(event(), { types: ['LabelRenamed', 'LabelCreated'] })).toBe(true);
    expect(matchesAuditFilter(event(), { types: ['LabelRenamed'] })).toBe(false);
  });

  it('keeps the actor exactly', () => {
    expect(matchesAuditFilter(event(), { actor: 'u1' })).toBe(true);
    expect(matchesAuditFilter(event(), { actor: 'U1' })).toBe(false);
  });

  it('keeps the recorded time in [from, to)', () => {
    const at = Date.parse('2026-03-01T10:00:00.000Z');
    expect(matchesAuditFilter(event(), { from: at })).toBe(true);
    expect(matchesAuditFilter(event(), { from: at + 1 })).toBe(false);
    expect(matchesAuditFilter(event(), { to: at })).toBe(false);
    expect(matchesAuditFilter(event(), { to: at + 1 })).toBe(true);
    expect(matchesAuditFilter(event(), { from: at - 1000, to: at + 1000, actor: 'u1' })).toBe(true);
  });

  describe('when narrowed to a record', () => {
    it("finds the record's own stream and its links stream", () => {
      const created = event({ type: 'RecordCreated', streamName: 'record-1.0-1.7', data: {} });
      expect(concernsRecord(created, '0-1', '7')).toBe(true);
      expect(concernsRecord(link({}), '0-1', '7')).toBe(true);
      expect(concernsRecord(created, '0-1', '70')).toBe(false);
      expect(concernsRecord(created, '0-2', '7')).toBe(false);
    });

    it('finds events whose data names it, on either side of an association', () => {
      const otherSide = link(
        { objectTypeId: '0-2', recordId: '9', toObjectTypeId: '0-1', toRecordId: '7' },
        'links-1.0-2.9',
      );
      expect(concernsRecord(otherSide, '0-1', '7')).toBe(true);
      expect(concernsRecord(otherSide, '0-2', '9')).toBe(true);
      expect(concernsRecord(otherSide, '0-2', '7')).toBe(false);
      const claim = event({
        type: 'UniqueValueClaimed',
        streamName: 'unique-1.0-1.email.a:40b',
        data: { objectTypeId: '0-1', recordId: '7', property: 'email', value: 'a@b' },
      });
      expect(concernsRecord(claim, '0-1', '7')).toBe(true);
    });

    it('with a type only, finds every record of that type', () => {
      expect(concernsRecord(link({}), '0-1')).toBe(true);
      expect(concernsRecord(link({ toObjectTypeId: '0-2', toRecordId: '3' }), '0-2')).toBe(true);
      expect(concernsRecord(link({ toObjectTypeId: '0-2', toRecordId: 3 }), '0-2', '3')).toBe(true);
      expect(concernsRecord(link({}), '0-3')).toBe(false);
    });

    it('does not take object types without a record id (label definitions) for a record', () => {
      const label = event({ data: { fromObjectTypeId: '0-1', toObjectTypeId: '0-2', objectTypeId: '0-2' } });
      expect(concernsRecord(label, '0-2')).toBe(false);
    });

    it('ignores streams that are no record (labels, schema, receipts) unless their data names it', () => {
      expect(concernsRecord(event(), '0-1')).toBe(false);
      expect(concernsRecord(event({ streamName: 'schema-1', data: null }), '0-1')).toBe(false);
      expect(concernsRecord(event({ streamName: 'command-1.abc', data: 'text' }), '0-1')).toBe(false);
    });

    it('composes with the other criteria', () => {
      expect(matchesAuditFilter(link({}), { objectTypeId: '0-1', objectId: '7', types: ['AssociationLabeled'] })).toBe(
        true,
      );
      expect(matchesAuditFilter(link({}), { objectTypeId: '0-1', objectId: '7', actor: 'someone-else' })).toBe(false);
    });
  });
});
