/*
 * The feed's cursor: an opaque string that encodes a global position of the log (exclusive: "after this event").
 * `e1.` + base64url of the decimal position. Opaque so that clients store and hand it back, never compute with it;
 * the prefix names the encoding, so it can change later while old cursors stay readable.
 */
const PREFIX = 'e1.';
const MAX_LENGTH = 64;

export function encodeCursor(position: bigint): string {
  return `${PREFIX}${Buffer.from(position.toString(), 'utf8').toString('base64url')}`;
}

/** The position a cursor stands for, or undefined when it is not a cursor this service issued. */
export function tryDecodeCursor(cursor: string): bigint | undefined {
  if (cursor.length > MAX_LENGTH || !cursor.startsWith(PREFIX)) return undefined;
  const body = cursor.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const decimal = Buffer.from(body, 'base64url').toString('utf8');
  if (!/^(0|[1-9]\d{0,19})$/.test(decimal)) return undefined;
  return BigInt(decimal);
}
