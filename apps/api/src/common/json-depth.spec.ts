import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { jsonDepth, jsonDepthLimit, MAX_JSON_DEPTH } from './json-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function run(body: unknown): unknown {
  let passed: unknown = 'not called';
  const next: NextFunction = (error?: unknown) => {
    passed = error;
  };
  jsonDepthLimit()({ body } as Request, {} as Response, next);
  return passed;
}

describe('JSON depth cap', () => {
  it('measures depth: scalars 0, containers 1 per level', () => {
    expect(jsonDepth(undefined)).toBe(0);
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: null }], c: 'x' })).toBe(3);
    expect(jsonDepth(nested(40))).toBe(40);
  });

  it('measures a 100,000-deep value without recursion, stopping past the limit', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(jsonDepth(deep, 32)).toBe(33);
    expect(jsonDepth(deep)).toBe(100_000);
  });

  it(`lets ${MAX_JSON_DEPTH} levels through`, () => {
    expect(run(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(run(undefined)).toBeUndefined();
    expect(run({ email: 'a@b.com' })).toBeUndefined();
  });

  it(`answers 400 json_too_deep past ${MAX_JSON_DEPTH} levels`, () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 5000]) {
      const error = run(nested(depth));
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as BadRequestException).getResponse()).toEqual({
        error: 'json_too_deep',
        message: `The request body nests more than ${MAX_JSON_DEPTH} levels deep.`,
      });
    }
  });
});
