import { DomainError } from '../shared/domain.error';

/**
 * Upcasters turn a stored event's `data` written at an older `schemaVersion` into the next version's shape, so
 * consumers only ever see the current version of each type (DESIGN.md §7). One upcaster per (type, from-version);
 * they chain: v1 → v2 → v3. Pure: they see only the old data.
 */
export interface Upcaster {
  type: string;
  /** The version it reads; it returns data of `fromVersion + 1`. */
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export interface Upcasted {
  schemaVersion: number;
  data: unknown;
}

export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(
    /** The version each type is served at; types not listed are served as stored. */
    private readonly currentVersions: Readonly<Record<string, number>>,
    upcasters: readonly Upcaster[] = [],
  ) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
    }
    // Every version below the current one must have a way up, or old events of that type could not be read.
    for (const [type, current] of Object.entries(currentVersions)) {
      for (let version = 1; version < current; version++) {
        if (!this.byKey.has(`${type}@${version}`)) throw new Error(`No upcaster for ${type} v${version}`);
      }
    }
  }

  currentVersion(type: string): number | undefined {
    return this.currentVersions[type];
  }

  /** Brings `data` stored at `schemaVersion` to the type's current version. */
  upcast(type: string, schemaVersion: number, data: unknown): Upcasted {
    const current = this.currentVersions[type] ?? schemaVersion;
    if (schemaVersion > current) {
      // Written by a newer release than this one: serving it as an older version would lie about its shape.
      throw new DomainError(
        'EVENT_VERSION_UNKNOWN',
        `${type} v${schemaVersion} is newer than this release knows (v${current})`,
        { type, schemaVersion, current },
      );
    }
    let version = schemaVersion;
    let value = data;
    while (version < current) {
      value = this.byKey.get(`${type}@${version}`)!.upcast(value);
      version++;
    }
    return { schemaVersion: version, data: value };
  }
}
