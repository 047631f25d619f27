import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  EventTooLargeError,
  IdempotencyConflictError,
  InvalidEventError,
  InvalidStreamNameError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '@app/event-store';
import { AppException, type AppErrorCode } from './app.exception';
import { INTERNAL_ERROR_MESSAGE, mapToHttpError } from './http-error.mapper';

describe('mapToHttpError', () => {
  describe('application errors', () => {
    it.each<[AppErrorCode, number, string]>([
      ['VALIDATION_FAILED', 400, 'VALIDATION_ERROR'],
      ['INVALID_JSON', 400, 'VALIDATION_ERROR'],
      ['UNAUTHENTICATED', 401, 'INVALID_AUTHENTICATION'],
      ['FORBIDDEN', 403, 'MISSING_SCOPES'],
      ['NOT_FOUND', 404, 'OBJECT_NOT_FOUND'],
      ['CONFLICT', 409, 'CONFLICT'],
      ['GONE', 410, 'OBJECT_NOT_FOUND'],
      ['RATE_LIMITED', 429, 'RATE_LIMITS'],
      ['AUTH_PROVIDER_UNAVAILABLE', 503, 'SERVICE_UNAVAILABLE'],
    ])('maps %s to %i %s', (code, status, category) => {
      expect(mapToHttpError(new AppException(code, 'why'))).toMatchObject({ status, category, message: 'why' });
    });

    it('passes the context through', () => {
      const mapped = mapToHttpError(new AppException('VALIDATION_FAILED', 'bad', { fields: { name: ['x'] } }));
      expect(mapped.context).toEqual({ fields: { name: ['x'] } });
      expect(mapped.serverFault).toBe(false);
    });

    it('adds the policy name the HubSpot SDK retries on to a 429', () => {
      expect(mapToHttpError(new AppException('RATE_LIMITED', 'slow down'))).toMatchObject({
        status: 429,
        category: 'RATE_LIMITS',
        policyName: 'TEN_SECONDLY_ROLLING',
      });
    });

    it('challenges for a bearer token on 401', () => {
      expect(mapToHttpError(new AppException('UNAUTHENTICATED', 'no')).headers).toEqual({
        'WWW-Authenticate': 'Bearer',
      });
    });
  });

  describe('event store errors', () => {
    it('maps a wrong expected version to 409 CONFLICT with the revisions', () => {
      const mapped = mapToHttpError(new WrongExpectedVersionError('label-1.abc', 3n, 4n));
      expect(mapped).toMatchObject({
        status: 409,
        category: 'CONFLICT',
        context: { stream: 'label-1.abc', expected: 'revision 3', actual: 'revision 4' },
      });
      expect(() => JSON.stringify(mapped)).not.toThrow();
    });

    it('maps an idempotency conflict to 409', () => {
      expect(mapToHttpError(new IdempotencyConflictError('id', 'other stream'))).toMatchObject({
        status: 409,
        category: 'CONFLICT',
      });
    });

    it.each([
      ['an invalid stream name', new InvalidStreamNameError('x', 'no category')],
      ['an invalid event', new InvalidEventError('metadata.accountId is missing')],
    ])('maps %s to 400 VALIDATION_ERROR', (_name, error) => {
      expect(mapToHttpError(error)).toMatchObject({
        status: 400,
        category: 'VALIDATION_ERROR',
        message: error.message,
      });
    });

    it('maps an event that is too large to 413', () => {
      expect(mapToHttpError(new EventTooLargeError('id', 3_000_000, 2_097_152))).toMatchObject({
        status: 413,
        category: 'PAYLOAD_TOO_LARGE',
      });
    });

    it('maps an unavailable store to 503 without quoting the adapter message', () => {
      const mapped = mapToHttpError(
        new StoreUnavailableError('postgres', new Error('connect postgres://u:pw@db failed')),
      );
      expect(mapped).toMatchObject({ status: 503, category: 'SERVICE_UNAVAILABLE', serverFault: true });
      expect(mapped.message).not.toContain('pw@');
    });
  });

  describe('Nest and fastify HTTP errors', () => {
    it.each<[HttpException, number, string]>([
      [new BadRequestException('bad'), 400, 'VALIDATION_ERROR'],
      [new UnauthorizedException(), 401, 'INVALID_AUTHENTICATION'],
      [new ForbiddenException(), 403, 'MISSING_SCOPES'],
      [new NotFoundException(), 404, 'OBJECT_NOT_FOUND'],
      [new HttpException('Method Not Allowed', 405), 405, 'METHOD_NOT_ALLOWED'],
      [new ConflictException(), 409, 'CONFLICT'],
      [new PayloadTooLargeException('Request body is too large'), 413, 'PAYLOAD_TOO_LARGE'],
      [new UnsupportedMediaTypeException(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [new HttpException('Too Many Requests', 429), 429, 'RATE_LIMITS'],
      [new HttpException('I am a teapot', 418), 418, 'VALIDATION_ERROR'],
    ])('maps %p to %i %s', (exception, status, category) => {
      expect(mapToHttpError(exception)).toMatchObject({ status, category, serverFault: false });
    });

    it('joins the message list of a class-validator BadRequestException', () => {
      const mapped = mapToHttpError(new BadRequestException(['name must be a string', 'limit must be an integer']));
      expect(mapped.message).toBe('name must be a string; limit must be an integer');
    });

    it('never passes on the message of a 500', () => {
      expect(mapToHttpError(new InternalServerErrorException('db password is hunter2'))).toMatchObject({
        status: 500,
        category: 'INTERNAL_ERROR',
        message: INTERNAL_ERROR_MESSAGE,
      });
    });

    it('maps a fastify client error that was not wrapped', () => {
      const error = Object.assign(new Error('Unsupported Media Type'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
      expect(mapToHttpError(error)).toMatchObject({ status: 415, category: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  describe('anything else', () => {
    it.each([
      new Error('boom: secret detail'),
      new TypeError('x is undefined'),
      'a string',
      undefined,
      { statusCode: 400 },
    ])('is a 500 INTERNAL_ERROR with a generic message (%p)', (thrown) => {
      const mapped = mapToHttpError(thrown);
      expect(mapped).toEqual({
        status: 500,
        category: 'INTERNAL_ERROR',
        message: INTERNAL_ERROR_MESSAGE,
        serverFault: true,
      });
    });
  });
});
