// Runs the built API (`node dist/api/apps/api/src/main.js`) as a child process for the browser
// suite, logging to a file, and waits until /api/health answers 200.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ApiServerOptions {
  /** The compiled entry point, e.g. dist/api/apps/api/src/main.js. */
  entry: string;
  cwd: string;
  env: Record<string, string>;
  baseUrl: string;
  logFile: string;
  readyTimeoutMs?: number;
}

export interface ApiServer {
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = createWriteStream(options.logFile, { flags: 'w' });
  const child = spawn(process.execPath, [options.entry], {
    cwd: options.cwd,
    env: { ...baseEnvironment(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await terminate(child);
    await new Promise<void>((resolve) => log.end(() => resolve()));
  };

  try {
    await waitForHealth(child, options);
  } catch (error) {
    await stop();
    const tail = await logTail(options.logFile);
    throw new Error(`${(error as Error).message}\nTail of ${options.logFile}:\n${tail}`);
  }
  return { stop };
}

/** Only what a Node process needs from the runner's env; the rest comes from options.env. */
function baseEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'NODE_OPTIONS'];
  return Object.fromEntries(
    keep.flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  );
}

async function waitForHealth(child: ChildProcess, options: ApiServerOptions): Promise<void> {
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const healthUrl = `${options.baseUrl}/api/health`;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The API exited before it was healthy (${child.exitCode ?? child.signalCode}).`,
      );
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`GET ${healthUrl} did not answer 200 within ${timeoutMs} ms (${lastProblem}).`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

async function logTail(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n') || '(empty log)';
}
