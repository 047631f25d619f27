import { Injectable } from '@nestjs/common';

/** Accounts remembered at once; the least recently written are forgotten first. */
const MAX_ACCOUNTS = 100_000;

/**
 * The last global position this process wrote for each account. Query routes wait (bounded) for their projections
 * to pass it even when the client sent no `X-Min-Position`: a HubSpot SDK caller that creates a label and lists the
 * labels next must see it, and the SDK knows nothing of our headers.
 */
@Injectable()
export class AccountPositions {
  private readonly positions = new Map<string, bigint>();
  private last: bigint | undefined;

  /** The highest position this process wrote, whatever the account. */
  get highest(): bigint | undefined {
    return this.last;
  }

  record(accountId: string, position: bigint): void {
    if (this.last === undefined || position > this.last) this.last = position;
    const known = this.positions.get(accountId);
    if (known !== undefined && known >= position) return;
    this.positions.delete(accountId);
    this.positions.set(accountId, position);
    if (this.positions.size > MAX_ACCOUNTS) {
      const oldest = this.positions.keys().next();
      if (!oldest.done) this.positions.delete(oldest.value);
    }
  }

  lastWritten(accountId: string): bigint | undefined {
    return this.positions.get(accountId);
  }
}
