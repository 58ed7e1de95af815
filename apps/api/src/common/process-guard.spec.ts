import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { get } from 'node:http';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { describeFault, installProcessGuard, redactSecrets } from './process-guard';

const TOKEN = 'Zq3xV9kLmN2pR7sT4uW8yB1cD5eF6gH0jK3lM9nP2qR'; // 43 base64url characters

function recordingLogger(): LoggerService & { lines: unknown[] } {
  const lines: unknown[] = [];
  return {
    lines,
    log: () => undefined,
    warn: () => undefined,
    error: (entry: unknown) => {
      lines.push(entry);
    },
  };
}

describe('redactSecrets', () => {
  it.each([
    [`GET /l/${TOKEN} failed`, 'GET /l/[redacted] failed'],
    [`Authorization: Bearer ${TOKEN}`, 'Authorization: [redacted] [redacted]'],
    [`cookie cp_device=${TOKEN}; other=1`, 'cookie cp_device=[redacted]; other=1'],
    ['connect smtp://mailer:s3cr3t-pass@smtp.test:587', 'connect smtp://[redacted]@smtp.test:587'],
    ['{"token":"abc","pin":"123456"}', '{"token":[redacted],"pin":[redacted]}'],
    [`key ab/${'ab12'.repeat(16)}`, 'key ab/[redacted]'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
    expect(redactSecrets(input)).not.toContain(TOKEN);
  });

  it('keeps what helps to debug: UUIDs, words, file paths', () => {
    const text =
      'task 0193f2a4-7b1c-7d3e-9f00-123456789abc at /app/node_modules/busboy/lib/types/multipart.js:588';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('describeFault', () => {
  it('gives the error name, code and a redacted message and stack', () => {
    const error = Object.assign(new Error(`Unexpected end of form at /l/${TOKEN}`), {
      code: 'E_FORM',
    });
    const entry = describeFault('uncaught exception (kept serving)', error, 'uncaughtException');
    expect(entry).toMatchObject({
      message: 'uncaught exception (kept serving)',
      origin: 'uncaughtException',
      error: 'Error',
      code: 'E_FORM',
      detail: 'Unexpected end of form at /l/[redacted]',
    });
    expect(entry.stack).toEqual(expect.stringContaining('process-guard.spec.ts'));
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
  });

  it('describes things that are not errors, even ones that refuse to print', () => {
    expect(describeFault('x', 'plain text')).toMatchObject({
      error: 'string',
      detail: 'plain text',
    });
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(describeFault('x', hostile)).toMatchObject({ error: 'object', detail: '[unprintable]' });
  });
});

describe('installProcessGuard', () => {
  it('logs an uncaught exception and an unhandled rejection without rethrowing', () => {
    const target = new EventEmitter();
    const logger = recordingLogger();
    const remove = installProcessGuard(logger, target);
    expect(() =>
      target.emit('uncaughtException', new Error(`boom Bearer ${TOKEN}`), 'uncaughtException'),
    ).not.toThrow();
    expect(() => target.emit('unhandledRejection', 'nope', Promise.resolve())).not.toThrow();
    expect(logger.lines).toEqual([
      expect.objectContaining({
        message: 'uncaught exception (kept serving)',
        detail: 'boom Bearer [redacted]',
      }),
      expect.objectContaining({ message: 'unhandled rejection (kept serving)', detail: 'nope' }),
    ]);
    remove();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  it('survives a logger that throws', () => {
    const target = new EventEmitter();
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      installProcessGuard(
        {
          log: () => undefined,
          warn: () => undefined,
          error: () => {
            throw new Error('logger broken');
          },
        },
        target,
      );
      expect(() => target.emit('uncaughtException', new Error('boom'))).not.toThrow();
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('uncaught exception'));
    } finally {
      stderr.mockRestore();
    }
  });

  it('keeps a real process serving after an uncaught exception, an unhandled rejection and an unhandled stream error', async () => {
    // A child Node process with the guard on the real `process`, serving HTTP.
    const guard = join(__dirname, 'process-guard.ts');
    const script = `
      const { installProcessGuard } = require(${JSON.stringify(guard)});
      installProcessGuard();
      const { Readable } = require('node:stream');
      const server = require('node:http').createServer((req, res) => {
        if (req.url === '/throw') setImmediate(() => { throw new Error('boom at /l/${TOKEN}'); });
        if (req.url === '/reject') Promise.reject(new Error('rejected Bearer ${TOKEN}'));
        if (req.url === '/stream') { const s = new Readable({ read() {} }); s.destroy(new Error('Unexpected end of form')); }
        res.end(req.url === '/ping' ? 'alive' : 'ok');
      });
      server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
    `;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: join(__dirname, '../../../..'),
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '../../tsconfig.app.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`child exited (${code}): ${output}`)));
        child.stdout.on('data', () => {
          const m = /PORT (\d+)/.exec(output);
          if (m) resolve(Number(m[1]));
        });
      });
      for (const path of ['/throw', '/reject', '/stream']) {
        expect(await fetchText(port, path)).toBe('ok');
      }
      await waitUntil(() => (output.match(/kept serving/g) ?? []).length >= 3);
      expect(await fetchText(port, '/ping')).toBe('alive');
      expect(child.exitCode).toBeNull();
      expect(output).toContain('uncaught exception (kept serving)');
      expect(output).toContain('unhandled rejection (kept serving)');
      expect(output).toContain('Unexpected end of form');
      expect(output).not.toContain(TOKEN);
    } finally {
      child.kill();
    }
  }, 60_000);
});

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function waitUntil(check: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
