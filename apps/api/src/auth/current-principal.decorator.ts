import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import type { Principal } from './principal';

/** The request property `JwtAuthGuard` sets. */
export const PRINCIPAL = Symbol('principal');

export type RequestWithPrincipal = { [PRINCIPAL]?: Principal };

/** Injects the authenticated caller. Only on routes that are not `@Public()`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL];
  if (!principal) throw new AppException('UNAUTHENTICATED', 'Authentication is required');
  return principal;
});
