import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { resolveWebhookSigningKey } from '@app/runtime';
import { WEBHOOK_SIGNING_KEY } from './webhook-signing-key';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions and, with PROJECTIONS=inline, their delivery worker (issue 7 item 3). */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    { provide: WEBHOOK_SIGNING_KEY, inject: [AppConfig], useFactory: resolveWebhookSigningKey },
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
