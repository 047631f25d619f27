import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CurrentCommand, type CommandContext } from '../commands/command-context';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { CreateWebhookRequestDto } from './webhooks.request.dto';
import { WebhooksService, type WebhookView } from './webhooks.service';

/**
 * Webhook subscriptions of the caller's account (issue 7 item 3, ADR 0009). Deliveries are POSTs of a JSON array of
 * event envelopes (≤ 100), signed with `X-HubSpot-Signature-v3` and `X-HubSpot-Request-Timestamp` using the secret
 * returned on creation; retried with exponential backoff, then parked (see `…/deliveries`).
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'Roles consumer or super_admin (auditor: reads)' })
@ApiBadRequestResponse({ type: HubSpotErrorResponseDto, description: 'Invalid subscription or target URL' })
@ApiNotFoundResponse({ type: HubSpotErrorResponseDto, description: 'No such subscription in this account' })
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @Roles('consumer', 'super_admin')
  @ApiOperation({ summary: 'Subscribe a target URL to event types; the answer carries the signing secret' })
  create(@CurrentCommand() context: CommandContext, @Body() body: CreateWebhookRequestDto) {
    return this.webhooks.create(context, body);
  }

  @Get()
  @Roles('consumer', 'auditor', 'super_admin')
  @ApiOperation({ summary: "The account's webhook subscriptions" })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ results: WebhookView[] }> {
    return { results: await this.webhooks.list(principal.accountId) };
  }

  @Get(':id')
  @Roles('consumer', 'super_admin')
  @ApiOperation({ summary: 'One subscription, with its signing secret' })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.webhooks.get(principal.accountId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('consumer', 'super_admin')
  @ApiOperation({ summary: 'Unsubscribe: deliveries stop (a batch in flight may still arrive)' })
  async remove(@CurrentCommand() context: CommandContext, @Param('id') id: string): Promise<void> {
    await this.webhooks.delete(context, id);
  }

  @Get(':id/deliveries')
  @Roles('consumer', 'auditor', 'super_admin')
  @ApiOperation({
    summary: 'Delivery state: how far the receiver acknowledged, the failing batch, why it was parked, recent attempts',
  })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.webhooks.deliveries(principal.accountId, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('consumer', 'super_admin')
  @ApiOperation({ summary: 'Resume a parked subscription: the parked batch is retried first, in order' })
  resume(@CurrentCommand() context: CommandContext, @Param('id') id: string) {
    return this.webhooks.resume(context, id);
  }
}
