import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Expose, Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { createValidationPipe, PlannedValidationPipe } from './validation';

/** What the ValidationPipe itself (without plans) makes of the value: the DTO, or a refusal. */
async function unplanned(pipe: ValidationPipe, value: unknown, meta: ArgumentMetadata) {
  try {
    return { dto: (await ValidationPipe.prototype.transform.call(pipe, value, meta)) as unknown };
  } catch (error) {
    return { error };
  }
}

class TokenInput {
  @IsString() @Matches(/^[A-Za-z0-9_-]{43}$/) token!: string;
}

describe('ValidationPlan', () => {
  describe('makes no plan where the pipe does more than check', () => {
    class Nested {
      @IsString() name!: string;
    }
    class WithType {
      @IsOptional() @Type(() => Number) count?: number;
    }
    class WithTransform {
      @Transform(({ value }: { value: unknown }) => String(value).trim()) @IsString() name!: string;
    }
    class WithExpose {
      @Expose({ name: 'n' }) @IsString() name!: string;
    }
    class WithNested {
      @ValidateNested() @Type(() => Nested) child!: Nested;
    }
    class WithGetter {
      @IsString() get name(): string {
        return 'fixed';
      }
    }
    class NoRules {
      name?: string;
    }
    it.each([WithType, WithTransform, WithExpose, WithNested, WithGetter, NoRules])(
      '%p',
      (type) => {
        expect(createValidationPipe().planFor({ type: 'body', metatype: type })).toBeNull();
      },
    );

    it('nor under options whose answers a plan would not give', () => {
      const meta: ArgumentMetadata = { type: 'body', metatype: TokenInput };
      for (const options of [
        { transform: false },
        { transform: true, transformOptions: { enableImplicitConversion: true } },
        { transform: true, groups: ['staff'] },
        { transform: true, skipMissingProperties: true },
      ]) {
        expect(new PlannedValidationPipe(options).planFor(meta)).toBeNull();
      }
      const plain = new PlannedValidationPipe({ transform: true, whitelist: true });
      expect(plain.planFor(meta)).not.toBeNull();
    });

    it('nor for parameters the pipe does not validate as a class', () => {
      const pipe = createValidationPipe();
      expect(pipe.planFor({ type: 'param', metatype: String })).toBeNull();
      expect(pipe.planFor({ type: 'custom', metatype: TokenInput })).toBeNull();
      expect(pipe.planFor({ type: 'body', metatype: undefined })).toBeNull();
    });
  });

  describe('rules that decide on the instance', () => {
    class Optional {
      @IsOptional() @IsString() @MaxLength(5) note?: string;
      @IsIn(['a', 'b']) kind!: string;
    }
    class Defined {
      @IsDefined() @IsOptional() value?: string;
    }
    class Pattern {
      @Matches(/^x+$/g) xs!: string;
    }
    class Throws {
      @ValidateBy({
        name: 'throws',
        validator: {
          validate: (value: unknown) => {
            if (value === 'boom') throw new Error('boom');
            return true;
          },
        },
      })
      name!: string;
    }
    const meta = (metatype: new () => object): ArgumentMetadata => ({ type: 'body', metatype });

    it('skips an optional property that is missing or null, and checks it when present', async () => {
      const pipe = createValidationPipe();
      expect(pipe.planFor(meta(Optional))?.accept({ kind: 'a' })).toEqual({ kind: 'a' });
      expect(pipe.planFor(meta(Optional))?.accept({ kind: 'a', note: null })).toEqual({
        kind: 'a',
        note: null,
      });
      expect(pipe.planFor(meta(Optional))?.accept({ kind: 'a', note: 'toolong' })).toBeUndefined();
      expect(pipe.planFor(meta(Optional))?.accept({ kind: 'c' })).toBeUndefined();
      await expect(
        pipe.transform({ kind: 'a', note: 'toolong' }, meta(Optional)),
      ).rejects.toThrow();
    });

    it('lets @IsOptional win over @IsDefined, as class-validator does', async () => {
      const pipe = createValidationPipe();
      const fast = pipe.planFor(meta(Defined))?.accept({});
      expect(fast).toEqual({});
      expect((await unplanned(pipe, {}, meta(Defined))).error).toBeUndefined();
    });

    it('gives a global pattern the same answer every time', () => {
      const plan = createValidationPipe().planFor(meta(Pattern));
      for (let i = 0; i < 4; i++) expect(plan?.accept({ xs: 'xxx' })).toEqual({ xs: 'xxx' });
    });

    it('leaves a rule that answers later to the ValidationPipe', async () => {
      class Later {
        @ValidateBy({ name: 'later', validator: { validate: () => Promise.resolve(true) } })
        name!: string;
      }
      const pipe = createValidationPipe();
      expect(pipe.planFor(meta(Later))?.accept({ name: 'x' })).toBeUndefined();
      await expect(pipe.transform({ name: 'x' }, meta(Later))).resolves.toEqual({ name: 'x' });
      expect(pipe.planned).toBe(0);
    });

    it('leaves a rule that throws to the ValidationPipe', async () => {
      const pipe = createValidationPipe();
      expect(pipe.planFor(meta(Throws))?.accept({ name: 'boom' })).toBeUndefined();
      expect(pipe.planFor(meta(Throws))?.accept({ name: 'fine' })).toEqual({ name: 'fine' });
      const full = await unplanned(pipe, { name: 'boom' }, meta(Throws));
      await expect(pipe.transform({ name: 'boom' }, meta(Throws))).rejects.toThrow(
        (full.error as Error).message,
      );
    });
  });

  it('is the pipe the application uses', () => {
    expect(createValidationPipe()).toBeInstanceOf(PlannedValidationPipe);
  });
});
