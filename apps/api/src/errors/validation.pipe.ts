import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppException } from './app.exception';

/** One entry per invalid field, nested fields as dotted paths (`inputs.0.to.id`). */
export function invalidFields(
  errors: readonly ValidationError[],
  parent = '',
): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...invalidFields(error.children ?? [], field)];
  });
}

/** What HubSpot answers when a route that takes a body gets none. */
export const MISSING_BODY_MESSAGE = 'Invalid JSON input: a request body was expected, but none found';

/**
 * The JSON parser lets an empty body through as `undefined` (action routes such as `…/activate` take none, and some
 * clients still send `Content-Type: application/json`); a route that binds a body DTO refuses it here, the way HubSpot
 * does.
 */
class BodyRequiredValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === undefined && metadata.metatype !== undefined) {
      throw new AppException('INVALID_JSON', MISSING_BODY_MESSAGE);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: class-validator DTOs; failures become VALIDATION_FAILED listing every field. */
export function createValidationPipe(): ValidationPipe {
  return new BodyRequiredValidationPipe({
    transform: true,
    whitelist: true,
    exceptionFactory: (errors) => {
      const fields = invalidFields(errors);
      const described = fields.map(({ field, messages }) =>
        field.includes('.') ? messages.map((m) => `${field}: ${m}`).join('; ') : messages.join('; '),
      );
      return new AppException('VALIDATION_FAILED', `Invalid input: ${described.join('; ')}`, {
        fields: Object.fromEntries(fields.map(({ field, messages }) => [field, messages])),
      });
    },
  });
}
