import { latest, NEVER, taskFacts, taskFlags } from './inbox-sql';

describe('inbox SQL', () => {
  it('latest() picks the greatest time, NULL counting as never, without GREATEST', () => {
    expect(latest('a')).toBe(`COALESCE(a, '${NEVER}')`);
    const two = latest('a', 'b');
    expect(two).toContain('CASE WHEN');
    expect(two).not.toMatch(/GREATEST/i);
  });

  it('the flags read the facts with two placeholders: the firm today, then the staff member', () => {
    const sql = taskFlags(taskFacts(''));
    expect(sql.match(/\?/g)).toHaveLength(2);
    expect(sql.indexOf('f.due_date < ?')).toBeLessThan(sql.indexOf('r.staff_id = ?'));
    expect(sql).toContain('t.dispatched_at IS NOT NULL');
  });
});
