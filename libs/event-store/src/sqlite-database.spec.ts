import { openSqliteDatabase } from './sqlite-database';

describe('openSqliteDatabase', () => {
  it('keeps better-sqlite3’s 16 MB page cache unless told its size in MB', () => {
    const plain = openSqliteDatabase(':memory:');
    const sized = openSqliteDatabase(':memory:', { cacheMb: 64 });
    try {
      expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
      expect(sized.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    } finally {
      plain.close();
      sized.close();
    }
  });
});
