import type { AppConfig } from '@app/config';
import { resolveJwtKeySources } from './jwt-secret.resolver';

/**
 * The key subscription secrets derive from: WEBHOOK_SIGNING_KEY, else the HS256 token secret (JWT_SECRET or the
 * embedded one). Undefined with only JWKS_URL: webhooks then refuse to be created (the key must be shared by every
 * process that signs). The api and the projector resolve it alike.
 */
export async function resolveWebhookSigningKey(config: AppConfig): Promise<Uint8Array | undefined> {
  if (config.WEBHOOK_SIGNING_KEY) return new TextEncoder().encode(config.WEBHOOK_SIGNING_KEY);
  return (await resolveJwtKeySources(config)).secret?.key;
}
