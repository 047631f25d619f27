import { Catch, HttpStatus, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { CORRELATION_ID_HEADER } from '../http/correlation-id';
import type { RouteMethodsRegistry } from '../http/route-methods.registry';
import { httpError, mapToHttpError, type MappedHttpError } from './http-error.mapper';
import type { HubSpotErrorResponseDto } from './hubspot-error.response.dto';

/**
 * The one exception filter: every error — ours, Nest's, the event store's, fastify's (bad JSON, body too large,
 * unsupported media type, unknown route) — leaves as HubSpot-shaped JSON with the request's correlation id.
 * Server faults are logged with their stack; the client gets a generic message.
 */
@Catch()
export class HubSpotErrorFilter implements ExceptionFilter {
  constructor(
    private readonly routes: RouteMethodsRegistry,
    private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = String(request.id);

    let mapped = mapToHttpError(exception);
    // No route matched: the route problem comes first, even when the body was bad too.
    if (request.is404 && (exception instanceof NotFoundException || !mapped.serverFault))
      mapped = this.noRoute(request);
    if (mapped.serverFault) {
      this.logger.child({ correlationId }).error({ err: exception }, `Request failed: ${describe(exception)}`);
    }
    if (reply.sent) return;

    const body: HubSpotErrorResponseDto = {
      status: 'error',
      message: mapped.message,
      correlationId,
      category: mapped.category,
      ...(mapped.context !== undefined && { context: mapped.context }),
      ...(mapped.policyName !== undefined && { policyName: mapped.policyName }),
    };
    void reply
      .status(mapped.status)
      .headers({ ...mapped.headers, [CORRELATION_ID_HEADER]: correlationId })
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }

  /** No route matched: 405 if the path exists under other methods, else 404. */
  private noRoute(request: FastifyRequest): MappedHttpError {
    const path = request.url.split('?', 1)[0] ?? request.url;
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    const allowed = this.routes.allowedMethods(path);
    if (allowed.length > 0) {
      const mapped = httpError(HttpStatus.METHOD_NOT_ALLOWED, `Method ${request.method} is not allowed on ${shown}`, {
        context: { allowedMethods: allowed },
      });
      return { ...mapped, headers: { ...mapped.headers, Allow: allowed.join(', ') } };
    }
    return httpError(HttpStatus.NOT_FOUND, `Unknown route: ${request.method} ${shown}`);
  }
}

function describe(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}
