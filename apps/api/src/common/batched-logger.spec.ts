import { ConsoleLogger } from '@nestjs/common';
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

  it('writes a flat record exactly as Nest’s own JSON path does, and the rest through it', async () => {
    class NestJson extends ConsoleLogger {
      line(logObject: Record<string, unknown>): string {
        return this.stringifyJsonLogObject(logObject);
      }
    }
    const nest = new NestJson({ json: true, colors: false });
    const log = logger();
    const flat = [
      'plain text',
      {
        message: 'request',
        correlationId: 'c0ffee00-1',
        method: 'GET',
        path: '/api/links/status',
        status: 200,
        ms: 1.234,
      },
      { a: null, b: true, c: 'é \u2028 "quoted" \ud800 lone', n: -0 },
    ];
    const other = [{ seen: new Map([['k', 1]]) }, { list: ['a', 'b'] }, 'x'.repeat(20_000)];
    const nestPath = jest.spyOn(
      log as unknown as { stringifyJsonLogObject(o: object): string },
      'stringifyJsonLogObject',
    );
    for (const message of [...flat, ...other]) log.log(message, 'Access');
    // Only what is not flat went through Nest's replacer.
    expect(nestPath).toHaveBeenCalledTimes(other.length);
    nestPath.mockRestore();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = writes.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(flat.length + other.length);
    [...flat, ...other].forEach((message, i) => {
      const { timestamp } = JSON.parse(lines[i]) as { timestamp: number };
      const logObject = { level: 'log', pid: process.pid, timestamp, message, context: 'Access' };
      expect(lines[i]).toBe(nest.line(logObject));
    });
    expect(lines[flat.length]).toContain('Map(1)');
  });
});
