import { newTaskReference } from './tasks.service';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('newTaskReference', () => {
  it('is T- followed by 6 characters from the reference alphabet', () => {
    for (let i = 0; i < 500; i++)
      expect(newTaskReference()).toMatch(/^T-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
  });

  it('never uses characters that are easily misread (0, O, 1, I, L, U)', () => {
    const chars = new Set(Array.from({ length: 2000 }, () => newTaskReference().slice(2)).join(''));
    for (const c of '0O1ILU') expect(chars.has(c)).toBe(false);
    // The generator does draw from the whole alphabet, not a corner of it.
    expect([...ALPHABET].filter((c) => !chars.has(c))).toEqual([]);
  });

  it('is random: many references are (almost) all distinct', () => {
    const refs = new Set(Array.from({ length: 1000 }, () => newTaskReference()));
    // 30^6 ≈ 729 million values; a collision among 1000 has a chance below 0.1 %.
    expect(refs.size).toBeGreaterThanOrEqual(999);
  });
});
