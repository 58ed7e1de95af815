import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { assertStorageKey, FileStorage, StorageNotFoundError } from './file-storage';

/**
 * Files under one folder (STORAGE_DIR, default var/files). A put writes `<key>.<random>.part` and
 * renames it into place only when the stream completed, so a failed or aborted upload never
 * leaves a file under its key; the part file is removed on failure.
 */
export class LocalFileStorage implements FileStorage {
  readonly kind = 'local' as const;

  constructor(private readonly root: string) {}

  async put(key: string, body: Readable): Promise<void> {
    const path = this.path(key);
    // The body may fail (an aborted upload) while the folder is made, before the pipeline
    // listens to it: that error is this put's, never an unhandled 'error' event.
    let early: Error | undefined;
    const onEarly = (error: Error): void => {
      early ??= error;
    };
    body.on('error', onEarly);
    let part: string | undefined;
    try {
      await mkdir(dirname(path), { recursive: true });
      if (early) throw early;
      part = `${path}.${randomBytes(6).toString('hex')}.part`;
      await pipeline(body, createWriteStream(part, { flags: 'wx', mode: 0o600 }));
      await rename(part, path);
    } catch (error) {
      if (part) await rm(part, { force: true });
      throw error;
    } finally {
      body.removeListener('error', onEarly);
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      throw new StorageNotFoundError(key);
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }
}
