import { UnprocessableEntityException, ValidationError, ValidationPipe } from '@nestjs/common';
import { cacheValidationRules } from './validation-rules-cache';

function collect(errors: ValidationError[], prefix: string, out: Record<string, string[]>): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) out[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, out);
  }
}

/**
 * The one ValidationPipe: strips nothing silently (unknown fields are refused), converts types
 * only where DTOs say so, and answers 422 with one message list per field. Which rules apply to a
 * DTO is worked out once per class (validation-rules-cache.ts), not on every request.
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields: Record<string, string[]> = {};
      collect(errors, '', fields);
      const first = Object.entries(fields)[0];
      return new UnprocessableEntityException({
        error: 'validation_failed',
        message: first ? `Please check ${first[0]}: ${first[1][0]}.` : 'The request is not valid.',
        fields,
      });
    },
  });
}
