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
const ref = (recordId: string) => ({
  objectTypeId: '0-1',
  property: 'email',
  value: 'a@example.com',
  valueKey: 'f0'.repeat(32),
  recordId,
});
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
  const KEY = 'a1'.repeat(32);
  it('names the stream unique-{account}.{type}.{property}.{keyed hash}: the value itself is never in the name', () =>
    expect(uniqueValueStream('acc-1', '0-1', 'email', KEY)).toBe(`unique-acc-1.0-1.email.${KEY}`));
  it('takes only a keyed hash (hex), never a raw value', () => {
    expect(() => uniqueValueStream('1', '0-1', 'email', 'a@example.com')).toThrow(/Not a unique value key/);
    expect(() => uniqueValueStream('1', '0-1', 'email', 'ab')).toThrow(/Not a unique value key/);
  });
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
