import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The deepest JSON body accepted: far more than any request needs (ours go 3 levels deep). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep a parsed JSON value nests (a scalar is 0, `{}` and `[]` are 1), counted without
 * recursion and giving up as soon as `limit` is passed, so a 50,000-deep body costs no stack.
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) {
      deepest = here;
      if (deepest > limit) return deepest;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return deepest;
}

/**
 * Runs right after the JSON body parser, before Nest, class-transformer or class-validator see
 * the body: both recurse, and a deep enough body overflows the stack (a 500). Answers 400.
 */
export function jsonDepthLimit(max = MAX_JSON_DEPTH) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (jsonDepth(request.body, max) <= max) return next();
    next(
      new BadRequestException({
        error: 'json_too_deep',
        message: `The request body nests more than ${max} levels deep.`,
      }),
    );
  };
}
