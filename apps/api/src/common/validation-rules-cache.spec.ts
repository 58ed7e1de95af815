import { getMetadataStorage, IsInt, IsOptional, IsString, validate } from 'class-validator';
import { cacheValidationRules } from './validation-rules-cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt({ groups: ['strict'] })
  @IsOptional()
  count?: number;
}

describe('cacheValidationRules', () => {
  beforeAll(() => cacheValidationRules());

  it('asks class-validator once per class and options, and answers the same rules after', () => {
    const rules = [{ propertyName: 'a' }];
    const lookup = jest.fn().mockReturnValue(rules);
    const storage = { getTargetValidationMetadatas: lookup, addValidationMetadata: jest.fn() };
    cacheValidationRules(storage);
    class Target {}
    const first = storage.getTargetValidationMetadatas(Target, '', false, false);
    expect(storage.getTargetValidationMetadatas(Target, '', false, false, [])).toBe(first);
    expect(first).toEqual(rules);
    expect(Object.isFrozen(first)).toBe(true);
    expect(lookup).toHaveBeenCalledTimes(1);
    // Other options or groups are other questions.
    storage.getTargetValidationMetadatas(Target, '', true, false);
    storage.getTargetValidationMetadatas(Target, '', false, false, ['strict']);
    expect(lookup).toHaveBeenCalledTimes(3);
    // A rule added later clears every answer.
    storage.addValidationMetadata({});
    storage.getTargetValidationMetadatas(Target, '', false, false);
    expect(lookup).toHaveBeenCalledTimes(4);
  });

  it('answers what class-validator itself answers, inherited rules and groups included', async () => {
    const storage = getMetadataStorage();
    // The instance's method is the cache; the class's own is class-validator's lookup.
    const uncached = (Object.getPrototypeOf(storage) as typeof storage)
      .getTargetValidationMetadatas;
    expect(storage.getTargetValidationMetadatas).not.toBe(uncached);
    const cases: Array<[boolean, boolean, string[] | undefined]> = [
      [false, false, undefined],
      [false, true, undefined],
      [true, false, undefined],
      [false, false, ['strict']],
      [false, true, ['strict']],
    ];
    for (const target of [Base, Child]) {
      for (const [always, strictGroups, groups] of cases) {
        const expected = uncached.call(storage, target, '', always, strictGroups, groups);
        expect(
          storage.getTargetValidationMetadatas(target, '', always, strictGroups, groups),
        ).toEqual(expected);
        // and again, from the cache
        expect(
          storage.getTargetValidationMetadatas(target, '', always, strictGroups, groups),
        ).toEqual(expected);
      }
    }
    expect(
      storage
        .getTargetValidationMetadatas(Child, '', false, true, undefined)
        .map((m) => m.propertyName),
    ).toEqual(expect.arrayContaining(['name', 'count']));
    const wrong = Object.assign(new Child(), { name: 5, count: 'x' });
    expect((await validate(wrong, { strictGroups: true })).map((e) => e.property)).toEqual([
      'name',
    ]);
    expect((await validate(wrong, { groups: ['strict'] })).map((e) => e.property)).toEqual([
      'count',
    ]);
  });

  it('sees a rule declared after the class was first validated', async () => {
    class Late {
      @IsString()
      a!: string;
      b?: unknown;
    }
    expect(await validate(Object.assign(new Late(), { a: 'ok', b: 'text' }))).toHaveLength(0);
    IsInt()(Late.prototype, 'b');
    const errors = await validate(Object.assign(new Late(), { a: 'ok', b: 'text' }));
    expect(errors.map((e) => e.property)).toEqual(['b']);
  });
});
