import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type DataKeyStore, type EventStore } from '@app/event-store';

/** The account secret's name in the data-key table; never destroyed (erasure destroys record keys only). */
const SECRET_NAME = 'unique-values';

/**
 * The keyed hash (HMAC-SHA256 under a random per-account secret kept in the data-key table) that stands for a unique
 * property's value in claim stream names, claim events and the records read model (ADR 0007, "Erasure"). Without the
 * secret, a stream name or an erased claim tells nothing about the value, not even by guessing common emails.
 */
@Injectable()
export class UniqueValueKeys {
  private readonly keys: DataKeyStore;
  private readonly secrets = new Map<string, Promise<Buffer>>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    const keys = store.dataKeys?.();
    if (keys === undefined) throw new Error(`The '${store.name}' event store keeps no data keys`);
    this.keys = keys;
  }

  /** `normalized`: the value as normalizeUniqueValue left it. */
  async of(accountId: string, objectTypeId: string, property: string, normalized: string): Promise<string> {
    const secret = await this.secret(accountId);
    return createHmac('sha256', secret).update(`${objectTypeId}\u0000${property}\u0000${normalized}`).digest('hex');
  }

  private secret(accountId: string): Promise<Buffer> {
    let secret = this.secrets.get(accountId);
    if (secret === undefined) {
      secret = this.keys.obtain(accountId, [SECRET_NAME]).then((found) => {
        const key = found.get(SECRET_NAME);
        if (!key) throw new Error(`The unique-value secret of account ${accountId} is missing`);
        return key;
      });
      secret.catch(() => this.secrets.delete(accountId));
      this.secrets.set(accountId, secret);
    }
    return secret;
  }
}
