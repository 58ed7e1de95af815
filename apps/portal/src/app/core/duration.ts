/** The largest unit a phrase may use: waits the client reads as seconds stay in seconds. */
export type DurationUnit = 'minute' | 'second';

const part = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The one way the portal words a length of time: "15 minutes", "1 minute 1 second",
 * "42 seconds". With `largest: 'second'` it never rounds into minutes ("90 seconds"), for short
 * throttles whose live countdown reads better second by second.
 */
export function durationPhrase(totalSeconds: number, largest: DurationUnit = 'minute'): string {
  const total = Math.max(0, Math.ceil(totalSeconds));
  const minutes = largest === 'minute' ? Math.floor(total / 60) : 0;
  const seconds = total - minutes * 60;
  if (minutes === 0) return part(seconds, 'second');
  return seconds === 0
    ? part(minutes, 'minute')
    : `${part(minutes, 'minute')} ${part(seconds, 'second')}`;
}
