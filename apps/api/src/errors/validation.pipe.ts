import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** The global pipe: class-validator DTOs; failures become VALIDATION_FAILED listing every field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
