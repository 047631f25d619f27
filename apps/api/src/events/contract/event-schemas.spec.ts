import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, PUBLIC_EVENT_TYPES, UpcasterRegistry, type PublicEventEnvelope } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { EventContractValidator, eventSchemaCatalogue, toPublicEnvelope } from '@app/runtime/events/event-contract';
import { encodeCursor, tryDecodeCursor } from '@app/runtime/events/event-cursor';
import { decodeCursor } from './event-cursor';
import { REPO_ROOT, SCHEMAS_DIR, generateEventSchemaFiles } from './event-schemas.generator';

const recorded = (type: string, data: unknown, schemaVersion = 1): RecordedEvent => ({
  id: '7b0a2a53-4b5e-4a43-9d8f-2f0f7c2d9a10',
  type,
  data,
  streamName: 'record-1.0-1.101',
  revision: 0n,
  position: 42n,
  recordedAt: '2026-03-01T10:00:00.000Z',
  metadata: { accountId: '1', actor: 'u1', commandId: 'c', correlationId: 'r', causationId: 'c', schemaVersion },
});
const created = {
  objectTypeId: '0-1',
  recordId: '101',
  properties: { email: 'a@b.c' },
  createdBy: 'u1',
  createdAt: 't',
};

describe('the public event contract', () => {
  it('the checked-in JSON Schemas are exactly what the TypeScript event types generate (npm run events:schemas)', async () => {
    const generated = generateEventSchemaFiles();
    const dir = join(REPO_ROOT, SCHEMAS_DIR);
    expect((await readdir(dir)).sort()).toEqual([...generated.keys()].sort());
    for (const [name, content] of generated) {
      expect({ name, content: await readFile(join(dir, name), 'utf8') }).toEqual({ name, content });
    }
  }, 60_000);

  it('serves one data schema per public type at its current version', () => {
    const { events } = eventSchemaCatalogue();
    expect(events.map((e) => e.type).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
    expect(events.every((e) => e.current && e.schemaVersion === 1)).toBe(true);
  });

  describe('the validator', () => {
    const validator = new EventContractValidator();

    it('accepts a conforming event', () => {
      expect(validator.problems(toPublicEnvelope(recorded('RecordCreated', created)))).toEqual([]);
    });

    it.each([
      ['a missing field', { ...created, recordId: undefined }, '/data'],
      ['a field of the wrong type', { ...created, properties: { email: 5 } }, '/data/properties/email'],
      ['an undocumented field', { ...created, extra: true }, '/data'],
    ])('refuses %s', (_what, data, path) => {
      const problems = validator.problems(
        toPublicEnvelope(recorded('RecordCreated', JSON.parse(JSON.stringify(data)))),
      );
      expect(problems.map((p) => p.path)).toContain(path);
    });

    it('refuses an envelope without its cursor', () => {
      const { cursor, ...rest } = toPublicEnvelope(recorded('RecordCreated', created));
      void cursor;
      expect(
        validator
          .problems(rest as PublicEventEnvelope)
          .map((p) => p.message)
          .join(),
      ).toMatch(/cursor/);
    });
  });

  it('internal events have no envelope', () => {
    expect(() => toPublicEnvelope(recorded('UniqueValueClaimed', {}))).toThrow(/not a public event type/);
  });

  describe('upcasters', () => {
    // A contract where RecordCreated is at v3: v1 had `props`, v2 renamed it `properties`, v3 added `source`.
    const registry = new UpcasterRegistry({ RecordCreated: 3 }, [
      {
        type: 'RecordCreated',
        fromVersion: 1,
        upcast: (data) => {
          const { props, ...rest } = data as { props: unknown };
          return { ...rest, properties: props };
        },
      },
      { type: 'RecordCreated', fromVersion: 2, upcast: (data) => ({ ...(data as object), source: 'API' }) },
    ]);

    it('brings an old version up through every step, in order', () => {
      const envelope = toPublicEnvelope(recorded('RecordCreated', { recordId: '1', props: { a: 'b' } }, 1), registry);
      expect(envelope).toMatchObject({
        schemaVersion: 3,
        data: { recordId: '1', properties: { a: 'b' }, source: 'API' },
      });
      expect(registry.upcast('RecordCreated', 2, { properties: {} })).toEqual({
        schemaVersion: 3,
        data: { properties: {}, source: 'API' },
      });
    });

    it('leaves the current version as stored', () => {
      expect(registry.upcast('RecordCreated', 3, { x: 1 })).toEqual({ schemaVersion: 3, data: { x: 1 } });
    });

    it('refuses a version newer than it knows', () => {
      expect(() => registry.upcast('RecordCreated', 4, {})).toThrow(DomainError);
    });

    it('refuses a contract with a version that has no way up', () => {
      expect(() => new UpcasterRegistry({ RecordCreated: 2 }, [])).toThrow(/No upcaster for RecordCreated v1/);
    });
  });

  describe('the cursor', () => {
    it.each([0n, 1n, 42n, 18446744073709551615n])('round-trips %s', (position) => {
      const cursor = encodeCursor(position);
      expect(cursor).not.toBe(position.toString());
      expect(tryDecodeCursor(cursor)).toBe(position);
    });

    it.each([
      '42',
      'e1.',
      'e1.!!',
      `e1.${Buffer.from('-1').toString('base64url')}`,
      `e1.${Buffer.from('01').toString('base64url')}`,
      'x'.repeat(100),
    ])('refuses %j with a 400', (cursor) => {
      expect(tryDecodeCursor(cursor)).toBeUndefined();
      expect(() => decodeCursor(cursor, 'after')).toThrow(/after is not a cursor/);
    });
  });
});
