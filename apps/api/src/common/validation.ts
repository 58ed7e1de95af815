import {
  type ArgumentMetadata,
  UnprocessableEntityException,
  ValidationError,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ValidationPlan } from './validation-plans';
import { cacheValidationRules } from './validation-rules-cache';

function collect(errors: ValidationError[], prefix: string, out: Record<string, string[]>): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) out[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, out);
  }
}

/** Options under which a plan's yes is the pipe's own answer (see PlannedValidationPipe). */
const PLANNABLE_OPTIONS = new Set([
  'transform',
  'whitelist',
  'forbidNonWhitelisted',
  'forbidUnknownValues',
  'stopAtFirstError',
  'exceptionFactory',
]);

/**
 * Nest's ValidationPipe, which first offers the value to the DTO's plan (validation-plans.ts): a
 * plain body that certainly passes becomes the DTO there; anything else, every refusal included,
 * is the ValidationPipe's, with its own messages. Plans are made for the options this file gives
 * the pipe, and kept by the rules class-validator returns for the class (a new list, after rules
 * were added, gets a new plan).
 */
export class PlannedValidationPipe extends ValidationPipe {
  private readonly plans = new WeakMap<object, ValidationPlan | null>();
  /** Whether the options are ones a plan's yes is right for (else every value is the pipe's). */
  private readonly planning: boolean;
  /** How many values the plans answered (tests read it to know a plan was used). */
  planned = 0;

  constructor(options: ValidationPipeOptions) {
    super(options);
    // A plan returns the DTO as class-transformer builds it without options, once the rules
    // without groups pass: right for `transform: true` and options that only refuse more or
    // shape the refusal. Any other option (groups, skipping, conversions, an expected type…)
    // and the pipe answers everything itself.
    this.planning =
      options.transform === true && Object.keys(options).every((key) => PLANNABLE_OPTIONS.has(key));
  }

  /**
   * Answers at once (no promise) when the plan takes the value, or for a custom parameter the
   * pipe leaves as it is; otherwise the ValidationPipe's promise. Nest awaits either.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ValidationPipe's own signature
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    if (metadata.type === 'custom' && !this.validateCustomDecorators) return value;
    const dto = this.planFor(metadata)?.accept(value);
    if (dto === undefined) return super.transform(value, metadata);
    this.planned++;
    return dto;
  }

  /** The plan for a parameter the ValidationPipe would validate as a class; else null. */
  planFor({ type, metatype }: Pick<ArgumentMetadata, 'type' | 'metatype'>): ValidationPlan | null {
    // The ValidationPipe's own test of what it validates as a class (not built-in types, not a
    // custom parameter), then a constructor to build.
    if (!this.planning || !this.toValidate({ type, metatype }) || typeof metatype !== 'function')
      return null;
    const storage = getMetadataStorage();
    // The very call class-validator makes for the pipe's options (no schema, groups or always).
    const rules = storage.getTargetValidationMetadatas(
      metatype,
      undefined as unknown as string,
      false,
      false,
      undefined,
    );
    let plan = this.plans.get(rules);
    if (plan === undefined) {
      plan = ValidationPlan.of(metatype as new () => object, rules, storage);
      this.plans.set(rules, plan);
    }
    return plan;
  }
}

/**
 * The one ValidationPipe: strips nothing silently (unknown fields are refused), converts types
 * only where DTOs say so, and answers 422 with one message list per field. Which rules apply to a
 * DTO is worked out once per class (validation-rules-cache.ts), not on every request, and a body
 * that passes them is checked by the DTO's plan (validation-plans.ts).
 */
export function createValidationPipe(): PlannedValidationPipe {
  cacheValidationRules();
  return new PlannedValidationPipe({
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
