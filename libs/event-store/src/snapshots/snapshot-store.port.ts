/** A stream's folded state up to `revision`, encoded by the fold that made it. */
export interface StoredSnapshot {
  revision: bigint;
  state: string;
}

/**
 * Folded states of long streams kept beside the events (DESIGN.md §6: "cache decided state … and/or snapshot it";
 * ADR 0006 §10), so that loading a hub record's links stream after its in-memory copy was dropped reads one row and
 * the events since, not the whole stream. Snapshots are derived data: losing or ignoring one only means folding more
 * events; a snapshot never decides anything the events after it do not also reach. `name` is the fold's name and the
 * version of its encoding, so a changed fold never reads an older encoding.
 *
 * Only folds of streams without personal data are snapshotted (links: record ids and typeIds), so erasure
 * (ADR 0007), which destroys the keys that open sealed events, has nothing to reach here.
 */
export interface SnapshotStore {
  /** The snapshot of `stream` under `name`, if one is kept. */
  read(stream: string, name: string): Promise<StoredSnapshot | undefined>;
  /** Keeps `snapshot` unless one at a later (or the same) revision is kept already. */
  write(stream: string, name: string, snapshot: StoredSnapshot): Promise<void>;
}
