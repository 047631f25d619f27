import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CommandMetadata } from '@app/domain';
import { AppException } from '../errors/app.exception';
import { PRINCIPAL, type RequestWithPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';

/** What every command carries into the domain and onto its events: who, when, which request, through which route. */
export interface CommandContext extends CommandMetadata {
  /** How the command arrived, e.g. `POST /crm/v4/associations/:from/:to/labels`. */
  readonly route: string;
  readonly principal: Principal;
  /** The client's Idempotency-Key, when it sent one (the command id then derives from it). */
  readonly idempotencyKey?: string;
}

/** A client may name its command so that a retry of the same request appends nothing new. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const SANE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function commandContextOf(request: FastifyRequest & RequestWithPrincipal): CommandContext {
  const principal = request[PRINCIPAL];
  if (!principal) throw new AppException('UNAUTHENTICATED', 'Authentication is required');
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  const idempotencyKey = Array.isArray(key) ? key[0] : key;
  if (idempotencyKey !== undefined && !SANE_KEY.test(idempotencyKey)) {
    throw new AppException(
      'VALIDATION_FAILED',
      'Idempotency-Key must be 1-128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
    );
  }
  const correlationId = String(request.id);
  return {
    accountId: principal.accountId,
    actor: principal.userId,
    // Scoped to the account and caller so that two clients' keys never collide.
    commandId: idempotencyKey ? `${principal.accountId}:${principal.userId}:${idempotencyKey}` : randomUUID(),
    correlationId,
    causationId: correlationId,
    now: new Date().toISOString(),
    route: `${request.method} ${request.routeOptions.url ?? request.url}`,
    principal,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}

/** Injects the `CommandContext` of the request into a command route. */
export const CurrentCommand = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext =>
  commandContextOf(context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>()),
);
