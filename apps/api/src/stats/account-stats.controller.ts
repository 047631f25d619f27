import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { accountStatsProjection } from '@app/read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ReadsProjections } from '../consistency/reads-projections.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { AccountStatsResponseDto } from './account-stats.response.dto';
import { GetAccountStatsQuery } from './get-account-stats.query';

@ApiTags('stats')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@Controller('api/v1/stats')
export class AccountStatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsProjections(accountStatsProjection.name)
  @ApiOperation({ summary: "The caller's account: event counts by type and its last position (any role)" })
  @ApiOkResponse({ type: AccountStatsResponseDto })
  stats(@CurrentPrincipal() principal: Principal): Promise<AccountStatsResponseDto> {
    return this.queries.execute(new GetAccountStatsQuery(principal.accountId));
  }
}
