import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Logger, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { SignJWT } from 'jose';
import { EVENT_STORE, WrongExpectedVersionError, streamName, type EventStore } from '@app/event-store';
import { createApp, type CreateAppOptions } from '../../../apps/api/src/app.factory';
import { CurrentPrincipal } from '../../../apps/api/src/auth/current-principal.decorator';
import type { Principal } from '../../../apps/api/src/auth/principal';
import { Public } from '../../../apps/api/src/auth/public.decorator';
import { atPosition, type PositionedResponse } from '../../../apps/api/src/consistency/event-position';
import { loadAppConfig } from '@app/config';

export const TEST_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

class EchoRequestDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  @Max(10000)
  limit!: number;
}

/** Routes that exist only in tests, to drive the error paths the real routes cannot reach yet. */
@Public()
@Controller('test-probes')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Post('echo')
  echo(@Body() body: EchoRequestDto): EchoRequestDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2');
  }

  @Get('conflict')
  conflict(): never {
    throw new WrongExpectedVersionError('label-1.abc', 3n, 4n);
  }

  @Get('log')
  log(): { logged: true } {
    this.logger.log('probe handled');
    return { logged: true };
  }
}

/** The event type `POST /test-probes/events` appends. */
export const PROBE_EVENT_TYPE = 'ProbeRecorded';

/**
 * A command route in miniature, until real ones exist: appends one event for the caller's account through the
 * EventStore and answers with the position it wrote (`X-Event-Position`, via `atPosition`).
 */
@Controller('test-probes')
class AppendProbeController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('events')
  async append(@CurrentPrincipal() principal: Principal): Promise<PositionedResponse<{ position: string }>> {
    const id = randomUUID();
    const { position } = await this.store.append([
      {
        stream: streamName('probe', principal.accountId, id),
        expected: 'no_stream',
        events: [
          {
            id,
            type: PROBE_EVENT_TYPE,
            data: {},
            metadata: {
              accountId: principal.accountId,
              actor: principal.userId,
              commandId: id,
              correlationId: id,
              causationId: id,
              schemaVersion: 1,
            },
          },
        ],
      },
    ]);
    return atPosition(position, { position: position.toString() });
  }
}

@Module({ controllers: [ProbeController, AppendProbeController] })
class ProbeModule {}

/** Collects JSON log lines. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    for (const part of line.split('\n')) if (part.trim()) this.lines.push(JSON.parse(part) as Record<string, unknown>);
  }
}

export interface TestAppOptions {
  env?: Record<string, string>;
  logs?: LogCapture;
  eventStore?: EventStore;
  readModels?: CreateAppOptions['readModels'];
}

/**
 * The real app on the memory stores (projections inline), plus the probe routes. Use `app.inject()`; close it
 * after.
 */
export async function bootTestApp(options: TestAppOptions = {}): Promise<NestFastifyApplication> {
  const config = loadAppConfig({
    EVENT_STORE: 'memory',
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: options.logs ? 'info' : 'silent',
    ...options.env,
  });
  return createApp(config, {
    imports: [ProbeModule],
    logStream: options.logs,
    eventStore: options.eventStore,
    readModels: options.readModels,
  });
}

export interface TokenClaims {
  sub?: string;
  accountId?: unknown;
  roles?: unknown;
}

/** Signs a token independently of the app's code, so the tests check the wire contract. */
export function signToken(
  claims: TokenClaims = {},
  options: { secret?: string; expiresIn?: string | number } = {},
): Promise<string> {
  const { sub = 'u1', ...rest } = claims;
  return new SignJWT({ accountId: '1', roles: ['user'], ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts the HubSpot error shape and returns the body. */
export function expectHubSpotError(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  category: string,
): { status: string; message: string; correlationId: string; category: string; context?: Record<string, unknown> } {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as ReturnType<typeof expectHubSpotError>;
  expect(body).toMatchObject({
    status: 'error',
    category,
    message: expect.any(String),
    correlationId: expect.any(String),
  });
  expect(body.correlationId).toBe(response.headers['x-correlation-id']);
  expect(response.body).not.toMatch(/\n\s+at /);
  return body;
}
