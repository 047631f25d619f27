import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HubSpotErrorResponseDto } from '../errors/hubspot-error.response.dto';
import { PingResponseDto, PrincipalResponseDto } from './principal.response.dto';

/**
 * Diagnostics: lets an operator or a test check a token and its roles against a running server.
 * No business data; safe to keep in production.
 */
@ApiTags('diagnostics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: HubSpotErrorResponseDto, description: 'Missing, invalid or expired token' })
@Controller('api/v1')
export class DiagnosticsController {
  @Get('me')
  @ApiOperation({ summary: 'Diagnostics: the caller as the server sees it (any role)' })
  @ApiOkResponse({ type: PrincipalResponseDto })
  me(@CurrentPrincipal() principal: Principal): PrincipalResponseDto {
    return principal;
  }

  @Get('admin/ping')
  @Roles('super_admin')
  @ApiOperation({ summary: 'Diagnostics: answers only super admins (checks role enforcement)' })
  @ApiOkResponse({ type: PingResponseDto })
  @ApiForbiddenResponse({ type: HubSpotErrorResponseDto, description: 'The caller is not a super admin' })
  adminPing(@CurrentPrincipal() principal: Principal): PingResponseDto {
    return { status: 'pong', principal };
  }
}
