import { DeciderSpec } from '@app/testing';
import { idsStream, recordIdsDecider, type RecordIdsReserved, type ReserveRecordIds } from './record-ids.decider';

const metadata = {
  accountId: 'acc-1',
  actor: 'api-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
const reserve = (count: number): ReserveRecordIds => ({ type: 'ReserveRecordIds', data: { count }, metadata });
const reserved = (from: number, to: number): RecordIdsReserved => ({ type: 'RecordIdsReserved', data: { from, to } });
const spec = DeciderSpec.for(recordIdsDecider);

describe('record ids decider', () => {
  it('names the stream ids-{account}', () => expect(idsStream('acc-1')).toBe('ids-acc-1'));

  describe('when nothing is reserved', () => {
    it('reserves from 1', () => spec.when(reserve(100)).then([reserved(1, 100)]));
    it.each([0, -1, 1.5, 10_001])('refuses a block of %p ids', (count) =>
      spec.when(reserve(count)).thenThrows('INVALID_ID_RESERVATION'),
    );
    it('accepts the largest block', () => spec.when(reserve(10_000)).then([reserved(1, 10_000)]));
  });

  describe('when blocks were reserved', () => {
    it('continues after the last one', () =>
      spec
        .given([reserved(1, 100), reserved(101, 150)])
        .when(reserve(1))
        .then([reserved(151, 151)]));
  });
});
