import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
/** The two members of class-validator's metadata storage this cache stands between. */
type RuleStorage = Pick<MetadataStorage, 'getTargetValidationMetadatas' | 'addValidationMetadata'>;
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];
type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

const installed = new WeakSet<object>();

/**
 * Remembers which rules apply to a class. class-validator works them out again on every
 * validate(): it scans every decorated class in the application for the target's ancestors
 * (typestack/class-validator#2686), the largest single cost of validating a hot request's one
 * small DTO in the link status profile (issue 11). The answer depends only on the class and the
 * options, and a class's rules, its own and inherited, are all registered when its module loads,
 * before anything can validate it. Still, any rule added later clears what was remembered. The
 * remembered lists are frozen: class-validator only reads them.
 */
export function cacheValidationRules(storage: RuleStorage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<Target, Map<string, Rules>>();
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap<Target, Map<string, Rules>>();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // No groups and an empty list select the same rules (class-validator tests `length`).
    const key = JSON.stringify([schema, always, strictGroups, groups?.length ? groups : []]);
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map<string, Rules>()));
    let rules = byOptions.get(key);
    if (!rules) {
      rules = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as Rules;
      byOptions.set(key, rules);
    }
    return rules;
  };
}
