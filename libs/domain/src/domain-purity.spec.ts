import { ESLint } from 'eslint';
import { join } from 'node:path';

/** The lint rule that keeps libs/domain pure is part of the architecture; prove it bites. */
describe('libs/domain purity lint rule', () => {
  const root = join(__dirname, '../../..');
  // The project's own flat config, loaded with require: jest cannot run ESLint's dynamic import of it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(join(root, 'eslint.config.js'));
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const lint = async (code: string, file = 'libs/domain/src/example.ts'): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result!.messages.map((m) => m.message);
  };

  it.each([
    ["import { Injectable } from '@nestjs/common';\nexport const x = Injectable;", 'NestJS'],
    ["import { Pool } from 'pg';\nexport const x = Pool;", 'store or Redis'],
    ["import Redis from 'ioredis';\nexport const x = Redis;", 'store or Redis'],
    ["import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;", 'randomness'],
    ['export const now = Date.now();', 'Date.now()'],
    ['export const now = new Date();', 'new Date()'],
    ['export const r = Math.random();', 'Math.random()'],
    ["import { MemoryEventStore } from '@app/event-store';\nexport const s = MemoryEventStore;", 'store'],
  ])('refuses %j', async (code, expected) => {
    const messages = await lint(code);
    expect(messages.join('\n')).toContain(expected);
  });

  it('allows pure code, and the same code outside the domain', async () => {
    expect(await lint('export const at = (iso: string): Date => new Date(iso);')).toEqual([]);
    expect(await lint('export const now = Date.now();', 'apps/api/src/example.ts')).toEqual([]);
  });
});
