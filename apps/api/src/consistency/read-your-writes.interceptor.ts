import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { PRINCIPAL, type RequestWithPrincipal } from '../auth/current-principal.decorator';
import { AccountPositions } from '../commands/account-positions';
import { CheckpointWaiter } from './checkpoint-waiter';
import { minPositionFrom } from './min-position';
import { READS_PROJECTIONS } from './reads-projections.decorator';

export const STALE_HEADER = 'X-Stale';

/**
 * On routes marked `@ReadsProjections(...)`: a request waits until those projections have passed its minimum
 * position, at most READ_YOUR_WRITES_TIMEOUT_MS; then it is answered anyway, marked `X-Stale: true`. The minimum is
 * the client's `X-Min-Position`/`minPosition`, and at least the last position this process wrote for the caller's
 * account, so that clients that know nothing of positions (the HubSpot SDK) read their own writes too.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly waiter: CheckpointWaiter,
    private readonly config: AppConfig,
    private readonly accountPositions: AccountPositions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const projections = this.reflector.getAllAndOverride<string[] | undefined>(READS_PROJECTIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!projections?.length || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & RequestWithPrincipal>();
    const requested = minPositionFrom(request.headers, request.query);
    const accountId = request[PRINCIPAL]?.accountId;
    const written = accountId === undefined ? undefined : this.accountPositions.lastWritten(accountId);
    const position = requested === undefined || (written !== undefined && written > requested) ? written : requested;
    if (position === undefined) return next.handle();
    const wait = this.waiter.waitFor(projections, position, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
    return from(wait).pipe(
      mergeMap((passed) => {
        if (!passed) void http.getResponse<FastifyReply>().header(STALE_HEADER, 'true');
        return next.handle();
      }),
    );
  }
}
