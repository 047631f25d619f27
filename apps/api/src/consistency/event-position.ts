import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

export const EVENT_POSITION_HEADER = 'X-Event-Position';

/** A command route's answer: the body, and the global position its append wrote (sent as `X-Event-Position`). */
export class PositionedResponse<TBody> {
  constructor(
    readonly position: bigint,
    readonly body: TBody,
  ) {}
}

/**
 * What a command route returns so its client can read its own writes: `atPosition(result.position, body)`. The body
 * is sent as usual; the position goes in the `X-Event-Position` header, for the client's next `X-Min-Position`.
 */
export function atPosition<TBody>(position: bigint, body: TBody): PositionedResponse<TBody> {
  return new PositionedResponse(position, body);
}

/** Unwraps a `PositionedResponse` into its body and the `X-Event-Position` header. Other results pass through. */
@Injectable()
export class EventPositionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof PositionedResponse)) return result;
        void context
          .switchToHttp()
          .getResponse<FastifyReply>()
          .header(EVENT_POSITION_HEADER, result.position.toString());
        return result.body as unknown;
      }),
    );
  }
}
