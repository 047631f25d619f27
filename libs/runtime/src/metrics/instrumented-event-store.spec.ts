import { Registry } from 'prom-client';
import { MemoryEventStore, WrongExpectedVersionError } from '@app/event-store';
import { events } from '@app/event-store-testing';
import { InstrumentedEventStore } from './instrumented-event-store';

describe('InstrumentedEventStore', () => {
  const setup = () => {
    const registry = new Registry();
    return { registry, store: new InstrumentedEventStore(new MemoryEventStore(), registry) };
  };

  it('times appends by outcome and counts the events written', async () => {
    const { registry, store } = setup();
    await store.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 3) }]);
    await expect(
      store.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 1) }]),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);

    const text = await registry.metrics();
    expect(text).toMatch(/^event_store_append_duration_seconds_count\{store="memory",outcome="ok"\} 1$/m);
    expect(text).toMatch(
      /^event_store_append_duration_seconds_count\{store="memory",outcome="WRONG_EXPECTED_VERSION"\} 1$/m,
    );
    expect(text).toMatch(/^event_store_appended_events_total\{store="memory"\} 3$/m);
  });

  it('passes everything else through to the adapter', async () => {
    const { store } = setup();
    const { position } = await store.append([{ stream: 'thing-1.a', expected: 'any', events: events('1', 2) }]);
    expect(store.name).toBe('memory');
    expect(await store.headPosition()).toBe(position);
    expect(await store.readAll()).toHaveLength(2);
    expect(await store.readStream('thing-1.a')).toHaveLength(2);
    expect(await store.streamRevision('thing-1.a')).toBe(1n);
    expect(await store.health()).toMatchObject({ reachable: true });
    await store.close();
  });
});
