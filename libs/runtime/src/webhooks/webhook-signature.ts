import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * HubSpot's v3 request signature (developers.hubspot.com, "Validating requests"): `X-HubSpot-Signature-v3` is the
 * base64 HMAC-SHA256, keyed by the secret, of method + URI + body + timestamp, where the timestamp (epoch ms) is sent
 * as `X-HubSpot-Request-Timestamp`. Receivers recompute it and reject timestamps older than five minutes.
 */
export const SIGNATURE_HEADER = 'X-HubSpot-Signature-v3';
export const TIMESTAMP_HEADER = 'X-HubSpot-Request-Timestamp';

export function signatureV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

/** What a receiver does: recompute and compare in constant time. */
export function verifySignatureV3(
  secret: string,
  request: { method: string; uri: string; body: string; timestamp: string; signature: string },
): boolean {
  const expected = Buffer.from(signatureV3(secret, request.method, request.uri, request.body, request.timestamp));
  const given = Buffer.from(request.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Each subscription's secret, derived from the service's key so it never needs storing (ADR 0009). */
export function webhookSecret(signingKey: Uint8Array, accountId: string, subscriptionId: string): string {
  return createHmac('sha256', signingKey).update(`webhook-secret:${accountId}:${subscriptionId}`).digest('base64url');
}
