import { durationPhrase } from './duration';

describe('durationPhrase', () => {
  it('phrases waits in minutes and seconds', () => {
    expect(durationPhrase(900)).toBe('15 minutes');
    expect(durationPhrase(61)).toBe('1 minute 1 second');
    expect(durationPhrase(5)).toBe('5 seconds');
  });

  it('phrases seconds', () => {
    expect(durationPhrase(1, 'second')).toBe('1 second');
    expect(durationPhrase(12, 'second')).toBe('12 seconds');
  });

  it('stays in seconds when asked, however long the wait', () => {
    expect(durationPhrase(90, 'second')).toBe('90 seconds');
    expect(durationPhrase(900, 'second')).toBe('900 seconds');
  });

  it('words one of each unit in the singular and nothing left as zero seconds', () => {
    expect(durationPhrase(60)).toBe('1 minute');
    expect(durationPhrase(120)).toBe('2 minutes');
    expect(durationPhrase(1)).toBe('1 second');
    expect(durationPhrase(0)).toBe('0 seconds');
  });

  it('never words a negative or fractional wait', () => {
    expect(durationPhrase(-3)).toBe('0 seconds');
    expect(durationPhrase(4.2)).toBe('5 seconds');
  });
});
