import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../errors/app.exception';
import { AccessTokenService, unauthenticated } from './access-token.service';
import { PRINCIPAL, type RequestWithPrincipal } from './current-principal.decorator';
import type { Role } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)\s*$/i;

/** Global guard: a valid bearer token on every route but `@Public()` ones, and one of the `@Roles(...)` if given. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('Authentication credentials not found: send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <JWT>"');

    const principal = await this.tokens.verify(match[1]);
    request[PRINCIPAL] = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => principal.roles.includes(role))) {
      throw new AppException('FORBIDDEN', `This operation requires one of the roles: ${required.join(', ')}`, {
        requiredRoles: required,
      });
    }
    return true;
  }
}
