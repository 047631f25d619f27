import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { CheckpointWaiter } from './checkpoint-waiter';
import { minPositionFrom } from './min-position';
import { READS_PROJECTIONS } from './reads-projections.decorator';

export const STALE_HEADER = 'X-Stale';

/**
 * On routes marked `@ReadsProjections(...)`: a request with a minimum position waits until those projections have
 * passed it, at most READ_YOUR_WRITES_TIMEOUT_MS; then it is answered anyway, marked `X-Stale: true`.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly waiter: CheckpointWaiter,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const projections = this.reflector.getAllAndOverride<string[] | undefined>(READS_PROJECTIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!projections?.length || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const position = minPositionFrom(request.headers, request.query);
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
