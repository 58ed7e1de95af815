import type { Readable } from 'node:stream';

/** Injection token of the configured FileStorage. */
export const FILE_STORAGE = Symbol('FILE_STORAGE');

/**
 * Where document bytes live. Keys are random (see newStorageKey) and never derived from a file
 * name. Implementations stream: neither put nor get holds a whole file in memory.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /**
   * Streams `body` to `key`. Resolves once the object is complete and durable; if `body` fails
   * (an aborted upload, a limit hit), rejects and leaves no object behind.
   */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** A stream of the object's bytes; rejects with StorageNotFoundError when it is missing. */
  get(key: string): Promise<Readable>;
  /** Removes the object; a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Whether an object exists (health checks and tests). */
  exists(key: string): Promise<boolean>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored object ${key}`);
  }
}

const KEY_PATTERN = /^[a-f0-9]{2}\/[a-f0-9]{64}$/;

/** "ab/ab12…" : 256 random bits, hex, fanned out by the first byte. */
export function newStorageKey(random: Buffer): string {
  const hex = random.toString('hex');
  return `${hex.slice(0, 2)}/${hex}`;
}

export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error('Not a storage key');
}
