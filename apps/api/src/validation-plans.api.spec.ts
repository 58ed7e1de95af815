import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createValidationPipe } from './common/validation';
import { LinkTokenDto } from './links/dto/link-token.dto';

// The validation plans (common/validation-plans.ts) against the ValidationPipe on every class
// of the API that has class-validator rules: here, at the top, where every module may be read.

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

/** Every class the API's source files declare class-validator rules on (DTOs and the like). */
function apiRuleClasses(): (new () => object)[] {
  const root = __dirname;
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.startsWith('validation') &&
        readFileSync(path, 'utf8').includes("from 'class-validator'")
      )
        files.push(path);
    }
  };
  walk(root);
  const classes = new Set<new () => object>();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const value of Object.values(require(file) as Record<string, unknown>)) {
      if (
        typeof value === 'function' &&
        getMetadataStorage().getTargetValidationMetadatas(value, '', false, false).length > 0
      )
        classes.add(value as new () => object);
    }
  }
  return [...classes];
}

/** Values worth trying for a property: generic ones, and those its own rules name. */
function candidates(type: new () => object, property: string): unknown[] {
  const values: unknown[] = [
    '',
    'a',
    'Sign the form',
    ' padded ',
    'x'.repeat(300),
    'a\u0000b',
    '\ud800',
    '<b>hi</b>',
    'ana@example.com',
    'not an e-mail',
    TOKEN,
    TOKEN.slice(1),
    '2b4d1a70-5c1e-4b8e-9f6a-1c2d3e4f5a6b',
    '123456',
    '2026-12-01',
    '2026-12-01T10:00:00.000Z',
    'Europe/London',
    'true',
    '7',
    0,
    1,
    -1,
    2.5,
    true,
    false,
    null,
  ];
  const rules = getMetadataStorage()
    .getTargetValidationMetadatas(type, '', false, false)
    .filter((rule) => rule.propertyName === property);
  for (const rule of rules) {
    for (const constraint of rule.constraints ?? []) {
      if (Array.isArray(constraint)) values.push(...(constraint as unknown[]));
      if (typeof constraint === 'number') {
        values.push(constraint - 1, constraint, constraint + 1);
        for (const length of [constraint - 1, constraint, constraint + 1]) {
          if (length >= 0 && length < 5000) values.push('y'.repeat(length));
        }
      }
    }
  }
  return values;
}

/** A small deterministic generator (mulberry32), so a failure names a body that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodies(type: new () => object, count: number): unknown[] {
  const properties = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', false, false)
        .map((rule) => rule.propertyName),
    ),
  ];
  const next = random(properties.length * 7919 + type.name.length);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const out: unknown[] = [null, [], 'token', 7, {}, JSON.parse('{"__proto__": {"x": 1}}')];
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    for (const property of properties) {
      if (next() < 0.25) continue;
      body[property] = pick(candidates(type, property));
    }
    if (next() < 0.1) body[pick(['extra', 'isAdmin', 'constructor'])] = pick([1, 'x', true]);
    out.push(body);
  }
  return out;
}

/** A fresh copy of a body, as express.json would parse it (in this realm, unlike structuredClone). */
function copy(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body)) as unknown;
}

/** What the ValidationPipe itself (without plans) makes of the value: the DTO, or a refusal. */
async function unplanned(pipe: ValidationPipe, value: unknown, meta: ArgumentMetadata) {
  try {
    return { dto: (await ValidationPipe.prototype.transform.call(pipe, value, meta)) as unknown };
  } catch (error) {
    return { error };
  }
}

describe("validation plans on the API's own classes", () => {
  const classes = apiRuleClasses();

  it('finds the API rule classes, and makes a plan for the link token', () => {
    expect(classes.length).toBeGreaterThan(20);
    expect(classes).toContain(LinkTokenDto);
    expect(createValidationPipe().planFor({ type: 'body', metatype: LinkTokenDto })).not.toBeNull();
  });

  it('accepts a body only when the ValidationPipe gives the same DTO, for every API class', async () => {
    const pipe = createValidationPipe();
    let accepted = 0;
    let planned = 0;
    for (const type of classes) {
      const meta: ArgumentMetadata = { type: 'body', metatype: type };
      const plan = pipe.planFor(meta);
      if (plan) planned++;
      for (const body of bodies(type, 150)) {
        const fast = plan?.accept(copy(body));
        const full = await unplanned(pipe, copy(body), meta);
        if (fast === undefined) continue;
        accepted++;
        expect({ type: type.name, body, error: full.error }).toEqual({
          type: type.name,
          body,
          error: undefined,
        });
        expect(fast.constructor).toBe(type);
        expect(Object.keys(fast)).toEqual(Object.keys(full.dto as object));
        expect(fast).toEqual(full.dto);
      }
    }
    // Not a vacuous comparison: plans exist and took part of the bodies.
    expect(planned).toBeGreaterThan(5);
    expect(accepted).toBeGreaterThan(50);
  });

  it('answers the hot bodies from the plan and refusals from the ValidationPipe', async () => {
    const pipe = createValidationPipe();
    const meta: ArgumentMetadata = { type: 'body', metatype: LinkTokenDto };
    const dto = await pipe.transform({ token: TOKEN }, meta);
    expect(dto).toBeInstanceOf(LinkTokenDto);
    expect(dto).toEqual({ token: TOKEN });
    expect(pipe.planned).toBe(1);
    for (const bad of [{ token: TOKEN.slice(1) }, { token: TOKEN, extra: 1 }, {}, null]) {
      await expect(pipe.transform(bad, meta)).rejects.toMatchObject({
        response: { error: 'validation_failed' },
      });
    }
    expect(pipe.planned).toBe(1);
  });
});
