import type { ValidatorConstraintInterface } from 'class-validator';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { TransformationType } from 'class-transformer';
import { isThenable } from './thenable';

type ValidatorStorage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<ValidatorStorage['getTargetValidationMetadatas']>;

/** The members of class-transformer's metadata storage a plan reads (it exports no type for it). */
interface TransformerStorage {
  getStrategy(target: object): string;
  getExposedMetadatas(target: object): unknown[];
  getExcludedMetadatas(target: object): unknown[];
  findTypeMetadata(target: object, property: string): unknown;
  findTransformMetadatas(target: object, property: string, type: TransformationType): unknown[];
}

// The storage class-transformer's own plainToInstance reads (the package's CommonJS build, the
// one `require('class-transformer')` loads, which is how Nest's ValidationPipe loads it).
type TransformerModule = { defaultMetadataStorage: TransformerStorage };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerModule = require('class-transformer/cjs/storage') as TransformerModule;
const transformerStorage = transformerModule.defaultMetadataStorage;

type Dto = new () => object;

interface Check {
  property: string;
  /** @IsOptional, @ValidateIf: the property's rules apply only when every one says so. */
  conditions: ((object: object, value: unknown) => unknown)[];
  /** The property's rules (@IsDefined first), each one class-validator's own constraint. */
  rules: {
    constraint: { instance: ValidatorConstraintInterface };
    constraints: unknown[] | undefined;
  }[];
}

/** Names class-transformer and the ValidationPipe treat specially: never planned. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A DTO's rules, read once from class-validator's and class-transformer's metadata, so a body
 * that passes them all can be turned into the DTO without walking either library's general
 * machinery on every request (issue 11: on link status that machinery was about 8 % of the
 * product's CPU). `accept` only ever says yes: any body it is not sure of, including every body
 * that fails a rule, goes to the ValidationPipe as before, which answers with its own messages.
 *
 * A yes gives what the pipe would: plainToInstance's object (a new instance of the class with the
 * body's own properties copied in order) once class-validator found no error in it under the
 * pipe's options (whitelist, forbidNonWhitelisted, forbidUnknownValues; no groups, no skipping).
 * So a plan is only made for a class with at least one rule, none nested, promised or asynchronous,
 * no class-transformer decorator anywhere, and no property name its prototype already has; and a
 * body is only taken when it is a plain object whose every property is one the class has rules
 * for, with a string, number, boolean or null value (nothing class-transformer would convert).
 * Each rule runs class-validator's own constraint with the arguments class-validator gives it.
 */
export class ValidationPlan {
  private readonly allowed: ReadonlySet<string>;

  private constructor(
    private readonly type: Dto,
    private readonly checks: Check[],
  ) {
    this.allowed = new Set(checks.map((check) => check.property));
  }

  /** The plan for a class and the rules class-validator applies to it; null when none is safe. */
  static of(type: Dto, rules: Rules, storage: ValidatorStorage): ValidationPlan | null {
    if (!rules.length) return null;
    const transformer = transformerStorage;
    if (
      transformer.getStrategy(type) !== 'none' ||
      transformer.getExposedMetadatas(type).length > 0 ||
      transformer.getExcludedMetadatas(type).length > 0
    )
      return null;
    const grouped = storage.groupByPropertyName(rules);
    const checks: Check[] = [];
    for (const [property, metadatas] of Object.entries(grouped)) {
      if (RESERVED.has(property) || property in type.prototype) return null;
      if (
        transformer.findTypeMetadata(type, property) !== undefined ||
        transformer.findTransformMetadatas(type, property, TransformationType.PLAIN_TO_CLASS)
          .length > 0
      )
        return null;
      const check: Check = { property, conditions: [], rules: [] };
      const defined: Check['rules'] = [];
      for (const metadata of metadatas) {
        switch (metadata.type) {
          case ValidationTypes.WHITELIST:
            break;
          case ValidationTypes.CONDITIONAL_VALIDATION:
            check.conditions.push(metadata.constraints[0] as Check['conditions'][number]);
            break;
          case ValidationTypes.IS_DEFINED:
          case ValidationTypes.CUSTOM_VALIDATION:
            for (const constraint of storage.getTargetValidatorConstraints(
              metadata.constraintCls,
            )) {
              if (constraint.async) return null;
              const rule = { constraint, constraints: metadata.constraints };
              if (metadata.type === ValidationTypes.IS_DEFINED) defined.push(rule);
              else check.rules.push(rule);
            }
            break;
          default:
            return null;
        }
      }
      check.rules.unshift(...defined);
      checks.push(check);
    }
    return new ValidationPlan(type, checks);
  }

  /** The DTO for this body when it certainly passes; undefined sends it to the ValidationPipe. */
  accept(value: unknown): object | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
    const body = value as Record<string, unknown>;
    const keys = Object.keys(body);
    const values: unknown[] = [];
    for (const key of keys) {
      if (!this.allowed.has(key)) return undefined;
      const each = body[key];
      if (
        each !== null &&
        typeof each !== 'string' &&
        typeof each !== 'number' &&
        typeof each !== 'boolean'
      )
        return undefined;
      values.push(each);
    }
    try {
      return this.check(keys, values);
    } catch {
      // A rule that throws (none should) is the ValidationPipe's to report, as it always was.
      return undefined;
    }
  }

  private check(keys: string[], values: unknown[]): object | undefined {
    const instance = new this.type() as Record<string, unknown>;
    keys.forEach((key, i) => (instance[key] = values[i]));
    // Whitelisting looks at the instance: a field the class itself sets needs rules too.
    for (const key of Object.keys(instance)) if (!this.allowed.has(key)) return undefined;
    for (const check of this.checks) {
      const each = instance[check.property];
      const applies = check.conditions
        .map((condition) => condition(instance, each))
        .reduce((a, b) => a && b, true as unknown);
      if (!applies) continue;
      for (const rule of check.rules) {
        const passed = rule.constraint.instance.validate(each, {
          targetName: this.type.name,
          property: check.property,
          object: instance,
          value: each,
          constraints: rule.constraints as never[],
        });
        if (!passed || isThenable(passed)) return undefined;
      }
    }
    return instance;
  }
}
