/** The DI token of the key subscription secrets derive from (`resolveWebhookSigningKey`, `@app/runtime`). */
export const WEBHOOK_SIGNING_KEY = Symbol('WEBHOOK_SIGNING_KEY');
