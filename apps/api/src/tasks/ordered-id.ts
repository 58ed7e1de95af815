import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A UUID (version 7 layout) that sorts by creation: 48 bits of milliseconds, then a counter
 * for ids made in the same millisecond, then random bits. Messages and documents use it so a
 * thread keeps its order even where the database keeps times to the second (MariaDB datetime).
 */
export function newOrderedId(at: Date = new Date()): string {
  let ms = at.getTime();
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
  } else {
    lastMs = ms;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  // version 7 + 12-bit counter
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
