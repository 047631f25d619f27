import { MemoryEventStore } from '@app/event-store';
import { MemoryReadModelStore } from '@app/read-models';
import { expectHubSpotError } from '../support/test-app';
import { startSdkApp } from '../support/sdk-app';
import { ACCOUNT, describeWebhookDelivery } from './webhooks.suite';

describe('webhooks', () => {
  describe('on the memory stores', () => {
    // One log and one read-model store for every instance, as replicas share theirs (closing either is harmless).
    const store = new MemoryEventStore();
    const readModels = new MemoryReadModelStore();
    describeWebhookDelivery(() => ({
      store,
      startApp: (env) => startSdkApp({ eventStore: store, readModels: { store: readModels }, env }),
    }));
  });

  describe('without private targets allowed', () => {
    it('refuses loopback and private target URLs', async () => {
      const sdk = await startSdkApp({ env: { WEBHOOK_SIGNING_KEY: 'w'.repeat(40) } });
      try {
        const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
        for (const targetUrl of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.1/x', 'http://[::1]/x']) {
          const response = await sdk.app.inject({
            method: 'POST',
            url: '/api/v1/webhooks',
            headers: { authorization: `Bearer ${token}` },
            payload: { targetUrl, eventTypes: ['associationChange'] },
          });
          expect(expectHubSpotError(response, 400, 'VALIDATION_ERROR').message).toMatch(/loopback or private/);
        }
      } finally {
        await sdk.close();
      }
    });
  });
});
