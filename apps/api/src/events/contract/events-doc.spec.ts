import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_EVENT_TYPES, type PublicEventEnvelope } from '@app/domain';
import { EventContractValidator } from '@app/runtime/events/event-contract';

/** docs/events.md is the catalogue consumers read: every public type has a section whose example conforms. */
describe('docs/events.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../../docs/events.md'), 'utf8');
  const sections = new Map<string, string>();
  for (const part of doc.split(/^### /m).slice(1)) {
    const type = /^(\w+) \(v(\d+)\)/.exec(part)?.[1];
    if (type) sections.set(type, part);
  }
  const validator = new EventContractValidator();

  it('documents every public event type, and nothing else', () => {
    expect([...sections.keys()].sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
  });

  it.each(PUBLIC_EVENT_TYPES)('%s: its example conforms to the schema', (type) => {
    const json = /#### Example[^\n]*\n+```json\n([\s\S]*?)```/.exec(sections.get(type) ?? '')?.[1];
    expect(json).toBeDefined();
    const example = JSON.parse(json!) as PublicEventEnvelope;
    expect(example.type).toBe(type);
    expect(validator.problems(example)).toEqual([]);
  });
});
