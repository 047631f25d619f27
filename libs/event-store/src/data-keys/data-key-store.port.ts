/**
 * Data keys for crypto-shredding (ADR 0007, "Erasure"): one random 256-bit key per name (a record, or an account's
 * keyed-hash secret) and account, kept beside the events in a mutable table — the one piece of state here that is
 * deliberately not an event, because destroying a key must really remove it.
 *
 * A key is `Buffer` while it exists and `null` once destroyed; destruction is permanent (a destroyed name is never
 * given a new key, so data sealed under it stays unreadable).
 */
export type DataKey = Buffer | null;

export interface DataKeyStore {
  /** The keys of these names, creating the missing ones; destroyed names stay `null`. */
  obtain(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>>;
  /** The keys that exist or were destroyed; a name never given a key is absent from the answer. */
  find(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>>;
  /** Destroys the key of this name (idempotent; a name never given a key is recorded as destroyed). */
  destroy(accountId: string, name: string): Promise<void>;
}

export const DATA_KEY_STORE = Symbol('DATA_KEY_STORE');

export const DATA_KEY_BYTES = 32;
