import { DeciderSpec } from '@app/testing';
import {
  normalizeUniqueValue,
  uniquePropertyOf,
  uniqueValueDecider,
  uniqueValueStream,
  type UniqueValueCommand,
  type UniqueValueEvent,
} from './unique-value.decider';

const metadata = {
  accountId: 'acc-1',
  actor: 'user-1',
  commandId: 'cmd-1',
  correlationId: 'cor-1',
  causationId: 'cau-1',
  now: '2025-03-04T05:06:07.000Z',
};
const ref = (recordId: string) => ({ objectTypeId: '0-1', property: 'email', value: 'a@example.com', recordId });
const claim = (recordId: string): UniqueValueCommand => ({ type: 'ClaimUniqueValue', data: ref(recordId), metadata });
const release = (recordId: string): UniqueValueCommand => ({
  type: 'ReleaseUniqueValue',
  data: ref(recordId),
  metadata,
});
const claimed = (recordId: string): UniqueValueEvent => ({
  type: 'UniqueValueClaimed',
  data: { ...ref(recordId), claimedAt: metadata.now },
});
const released = (recordId: string): UniqueValueEvent => ({
  type: 'UniqueValueReleased',
  data: { ...ref(recordId), releasedAt: metadata.now },
});
const spec = DeciderSpec.for(uniqueValueDecider);

describe('unique value decider', () => {
  it('names the stream unique-{account}.{type}.{property}.{value}, escaping what a stream name cannot hold', () =>
    expect(uniqueValueStream('acc-1', '0-1', 'email', 'a.b+c@ex-ample.com')).toBe(
      'unique-acc-1.0-1.email.a:2eb:2bc:40ex-ample:2ecom',
    ));
  it('escapes non-ASCII characters byte by byte, so different values never share a stream', () => {
    expect(uniqueValueStream('1', '0-2', 'domain', 'bü.de')).toBe('unique-1.0-2.domain.b:c3:bc:2ede');
    expect(uniqueValueStream('1', '0-2', 'domain', 'b:c3')).not.toBe(uniqueValueStream('1', '0-2', 'domain', 'bü'));
  });
  it('refuses values too long for a stream name', () =>
    expect(() => uniqueValueStream('1', '0-1', 'email', `${'x'.repeat(300)}@example.com`)).toThrow(
      expect.objectContaining({ code: 'UNIQUE_VALUE_TOO_LONG' }),
    ));
  it('knows the unique property of contacts and companies only', () => {
    expect(uniquePropertyOf('0-1')).toBe('email');
    expect(uniquePropertyOf('0-2')).toBe('domain');
    expect(uniquePropertyOf('0-3')).toBeUndefined();
    expect(uniquePropertyOf('toString')).toBeUndefined();
  });
  it.each([
    [' A@Example.COM ', 'a@example.com'],
    ['', undefined],
    ['  ', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('normalizes %p to %p', (value, expected) => expect(normalizeUniqueValue(value)).toBe(expected));

  describe('when the value is free', () => {
    it('is claimed', () => spec.when(claim('17')).then([claimed('17')]));
    it('a release changes nothing', () => spec.when(release('17')).then([]));
  });

  describe('when the value is claimed', () => {
    const given = spec.given([claimed('17')]);
    it('claiming it again for the same record appends nothing', () => given.when(claim('17')).then([]));
    it('refuses it to another record, naming the holder', () =>
      given.when(claim('18')).thenThrows('UNIQUE_VALUE_TAKEN'));
    it('is released by its holder', () => given.when(release('17')).then([released('17')]));
    it('is not released by another record', () => given.when(release('18')).then([]));
  });

  describe('when the value was released', () => {
    it('may be claimed by another record', () =>
      spec
        .given([claimed('17'), released('17')])
        .when(claim('18'))
        .then([claimed('18')]));
  });
});
