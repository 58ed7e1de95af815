import { BatchedJsonLogger } from './batched-logger';

describe('BatchedJsonLogger', () => {
  let writes: string[];
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    writes = [];
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    BatchedJsonLogger.flush();
    stdout.mockRestore();
    stderr.mockRestore();
  });

  const logger = () => new BatchedJsonLogger({ logLevels: ['log', 'error'], colors: false });

  it('writes the lines of one turn in one write, in order, as JSON lines', async () => {
    const log = logger();
    log.log({ message: 'first', n: 1 }, 'Access');
    log.log({ message: 'second', n: 2 }, 'Access');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    const lines = writes[0]
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.message)).toEqual([
      { message: 'first', n: 1 },
      { message: 'second', n: 2 },
    ]);
    expect(lines.every((l) => l.level === 'log' && l.context === 'Access')).toBe(true);
  });

  it('writes errors to standard error at once, and what waits when flushed', () => {
    const log = logger();
    log.log('waiting');
    log.error('broken', 'a stack', 'Ctx');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toContain('broken');
    BatchedJsonLogger.flush();
    expect(writes.join('')).toContain('waiting');
  });

  it('leaves out levels that are off', async () => {
    logger().debug('not wanted');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]);
  });
});
