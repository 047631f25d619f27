import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from '../adapters/sqlite.read-model-store';
import { describeRebuildOn } from './rebuild.int-suite';

const dir = mkdtempSync(join(tmpdir(), 'rebuild-rm-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeRebuildOn('SQLite read models', async () => new SqliteReadModelStore({ path: join(dir, `rm-${n++}.db`) }));
