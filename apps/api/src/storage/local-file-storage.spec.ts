import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { newStorageKey } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

describe('LocalFileStorage', () => {
  let dir: string;
  let storage: LocalFileStorage;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-spec-'));
    storage = new LocalFileStorage(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const key = newStorageKey(Buffer.alloc(32, 0xab));
  const files = async () =>
    (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name);

  it('stores under the key and streams it back', async () => {
    await storage.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(await storage.exists(key)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of await storage.get(key)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello world');
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key);
  });

  it('leaves nothing behind when the body fails half-way', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from('partial'));
    const put = storage.put(key, body);
    // Fails once the part file is being written (a condition, not a delay: on a busy machine
    // making the folder alone took longer than the 20 ms this test once waited).
    while (!(await files()).some((name) => name.endsWith('.part'))) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    body.destroy(new Error('aborted'));
    await expect(put).rejects.toThrow('aborted');
    expect(await files()).toEqual([]);
  });

  it("rejects with the body's error when it fails before writing began, and writes nothing", async () => {
    const body = new Readable({ read() {} });
    const put = storage.put(key, body);
    body.destroy(new Error('aborted'));
    await expect(put).rejects.toThrow('aborted');
    expect(await files()).toEqual([]);
    expect(body.listenerCount('error')).toBe(0);
  });

  it('refuses keys that are not storage keys (no path tricks)', async () => {
    await expect(storage.put('../../etc/passwd', Readable.from([]))).rejects.toThrow();
    await expect(storage.get('ab/../../x')).rejects.toThrow();
  });

  it('get of a missing key rejects with StorageNotFoundError', async () => {
    await expect(storage.get(key)).rejects.toThrow(/No stored object/);
  });
});
