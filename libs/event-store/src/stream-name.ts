import { InvalidStreamNameError } from './event-store.errors';

/**
 * Stream names are `category-account.rest` (e.g. `label-42.1003`), so KurrentDB category streams work and every
 * stream belongs to exactly one account. This is the one function that builds them.
 */
const CATEGORY = /^[a-z][a-zA-Z0-9]*$/;
const ACCOUNT = /^[A-Za-z0-9_]+$/;
const PART = /^[A-Za-z0-9_:-]+$/;
export const MAX_STREAM_NAME_LENGTH = 255;
/** Longest account id a token may carry (stream names stay well below their limit). */
export const MAX_ACCOUNT_ID_LENGTH = 64;

/** Whether a string can be an account id: letters, digits or `_`, at most MAX_ACCOUNT_ID_LENGTH. */
export function isAccountId(value: string): boolean {
  return value.length <= MAX_ACCOUNT_ID_LENGTH && ACCOUNT.test(value);
}

export function streamName(category: string, accountId: string, ...ids: readonly (string | number)[]): string {
  const name = [`${category}-${accountId}`, ...ids.map(String)].join('.');
  parseStreamName(name);
  return name;
}

export interface ParsedStreamName {
  category: string;
  accountId: string;
  ids: string[];
}

export function parseStreamName(name: string): ParsedStreamName {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidStreamNameError(String(name), 'empty');
  if (name.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidStreamNameError(name, `longer than ${MAX_STREAM_NAME_LENGTH} characters`);
  }
  const dash = name.indexOf('-');
  if (dash < 0) throw new InvalidStreamNameError(name, "expected 'category-account[.id...]'");
  const category = name.slice(0, dash);
  const [accountId = '', ...ids] = name.slice(dash + 1).split('.');
  if (!CATEGORY.test(category)) {
    throw new InvalidStreamNameError(name, 'category must be letters and digits starting with a lower-case letter');
  }
  if (!ACCOUNT.test(accountId)) throw new InvalidStreamNameError(name, 'account must be letters, digits or _');
  if (!ids.every((id) => PART.test(id))) {
    throw new InvalidStreamNameError(name, 'ids must be letters, digits, _, : or -, separated by dots');
  }
  return { category, accountId, ids };
}

export function categoryOf(name: string): string {
  const dash = name.indexOf('-');
  return dash < 0 ? name : name.slice(0, dash);
}
