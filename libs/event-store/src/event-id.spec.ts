import { deterministicEventId } from './event-id';

describe('deterministicEventId', () => {
  it('is a version-5 UUID that depends on every part and on nothing else', () => {
    const id = deterministicEventId('command-1', 'label-1.a', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('command-1', 'label-1.a', 0)).toBe(id);
    expect(deterministicEventId('command-1', 'label-1.a', 1)).not.toBe(id);
    expect(deterministicEventId('command-1', 'label-1.b', 0)).not.toBe(id);
    expect(deterministicEventId('command-1label-1.a', '', 0)).not.toBe(id);
  });
});
