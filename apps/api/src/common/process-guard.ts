import { Logger, type LoggerService } from '@nestjs/common';
import type { EventEmitter } from 'node:events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STACK_LINES = 12;

/**
 * Removes what could be a credential from a log text: link tokens in /l/ paths, bearer and basic
 * credentials, our cookies, user:password@ in URLs, values of token/PIN/password/secret fields,
 * and any long opaque string of letters and digits (tokens, storage keys) except UUIDs.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\/l\/[^/\s?#"'<>]+/g, '/l/[redacted]')
    .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]')
    .replace(/\b((?:__Host-)?cp_[A-Za-z_]+)=[^;\s"',]+/g, '$1=[redacted]')
    .replace(/(\/\/)[^\s/@:]+:[^\s/@]+@/g, '$1[redacted]@')
    .replace(
      /(["']?\b(?:token|pin|password|secret|code|authorization|cookie)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}&]+)/gi,
      '$1[redacted]',
    )
    .replace(/[A-Za-z0-9_-]{32,}/g, (run) =>
      UUID.test(run) || !/\d/.test(run) || !/[A-Za-z]/.test(run) ? run : '[redacted]',
    );
}

/** A structured, redacted description of whatever was thrown; never throws itself. */
export function describeFault(
  kind: string,
  fault: unknown,
  origin?: string,
): Record<string, unknown> {
  try {
    const error = fault instanceof Error ? fault : null;
    const code: unknown = error ? (error as Error & { code?: unknown }).code : undefined;
    return {
      message: kind,
      origin,
      error: error ? error.name : typeof fault,
      code: typeof code === 'string' ? code : undefined,
      detail: redactSecrets(error ? error.message : safeString(fault)),
      stack: error?.stack
        ? redactSecrets(
            error.stack
              .split('\n')
              .slice(1, STACK_LINES + 1)
              .join('\n'),
          )
        : undefined,
    };
  } catch {
    return { message: kind, origin, error: 'unreadable' };
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

/**
 * The last line of defence for the server process: an exception or rejection that escaped every
 * request handler is logged (structured, redacted) and the process keeps serving everyone else.
 * Installed by main.ts once the server listens; a failure while starting still ends the process.
 * Returns a function that removes the guard.
 */
export function installProcessGuard(
  logger: LoggerService = new Logger('Process'),
  target: EventEmitter = process,
): () => void {
  const log = (entry: Record<string, unknown>): void => {
    try {
      logger.error(entry);
    } catch {
      try {
        process.stderr.write(`${JSON.stringify(entry)}\n`);
      } catch {
        // Nowhere left to write; staying alive matters more than this line.
      }
    }
  };
  const onException = (error: unknown, origin?: unknown): void =>
    log(
      describeFault(
        'uncaught exception (kept serving)',
        error,
        typeof origin === 'string' ? origin : undefined,
      ),
    );
  const onRejection = (reason: unknown): void =>
    log(describeFault('unhandled rejection (kept serving)', reason));
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
