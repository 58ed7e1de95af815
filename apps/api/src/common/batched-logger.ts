import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';

type JsonOptions = {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
};

/**
 * Nest's JSON console logger, with standard output written in batches: the lines logged while
 * one piece of work runs (an access log line per request, at hundreds of requests a second) go
 * out in one write when it yields, not one system call each (issue 11: a synchronous write per
 * line cost about 0.15 ms of every hot request). Order is kept. Standard error (errors, with
 * their stacks) is still written at once, and whatever is waiting is written before the process
 * exits.
 */
export class BatchedJsonLogger extends ConsoleLogger {
  private static pending: string[] = [];
  private static scheduled = false;
  private static exitHooked = false;

  constructor(options: ConsoleLoggerOptions) {
    super({ ...options, json: true });
    if (!BatchedJsonLogger.exitHooked) {
      BatchedJsonLogger.exitHooked = true;
      process.on('exit', () => BatchedJsonLogger.flush());
    }
  }

  /** Writes whatever is waiting (tests and shutdown call it; it also runs on its own). */
  static flush(): void {
    BatchedJsonLogger.scheduled = false;
    if (!BatchedJsonLogger.pending.length) return;
    const text = BatchedJsonLogger.pending.join('');
    BatchedJsonLogger.pending = [];
    process.stdout.write(text);
  }

  protected override printAsJson(message: unknown, options: JsonOptions): void {
    if (options.writeStreamType === 'stderr') {
      super.printAsJson(message, options);
      return;
    }
    const logObject = this.getJsonLogObject(message, options);
    // A flat record of short texts, numbers and flags (the access log line, most lines) is
    // written by JSON.stringify alone: Nest's replacer, which guards against cycles, Maps, errors
    // and megabytes, would change nothing in it and cost a hot request more than the rest of its
    // logging (issue 11). Anything else goes through Nest's.
    const line = isFlat(message)
      ? JSON.stringify(logObject)
      : this.stringifyJsonLogObject(logObject);
    BatchedJsonLogger.pending.push(`${line}\n`);
    if (!BatchedJsonLogger.scheduled) {
      BatchedJsonLogger.scheduled = true;
      setImmediate(() => BatchedJsonLogger.flush());
    }
  }
}

/** Longest text a flat record may hold (Nest truncates whole lines at a million characters). */
const FLAT_TEXT_MAX = 10_000;

/** A string, or a plain object whose values are only short strings, finite numbers, booleans or null. */
function isFlat(message: unknown): boolean {
  if (typeof message === 'string') return message.length <= FLAT_TEXT_MAX;
  if (typeof message !== 'object' || message === null) return false;
  if (Object.getPrototypeOf(message) !== Object.prototype) return false;
  for (const key in message) {
    if (!Object.hasOwn(message, key)) return false;
    const value = (message as Record<string, unknown>)[key];
    switch (typeof value) {
      case 'string':
        if (value.length > FLAT_TEXT_MAX) return false;
        break;
      case 'number':
        if (!Number.isFinite(value)) return false;
        break;
      case 'boolean':
        break;
      default:
        if (value !== null) return false;
    }
  }
  return true;
}
