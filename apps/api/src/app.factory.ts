import { BadRequestException, INestApplication, Logger, LoggerService } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { AccessGuard } from './auth/access.guard';
import { databaseScopeMiddleware } from './database/database-scope';
import { HotLane, type Middleware } from './hot-routes/hot-lane';
import { HOT_ROUTES } from './hot-routes/hot-routes';
import { BatchedJsonLogger } from './common/batched-logger';
import { csrfProtection } from './common/csrf';
import { AllExceptionsFilter } from './exceptions.filter';
import { jsonBody } from './common/json-body';
import { jsonDepthLimit, MAX_JSON_DEPTH } from './common/json-depth';
import { requestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { AppConfig, loadConfig } from './config/app-config';
import { setupOpenApi } from './openapi';

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

export function createLogger(config: AppConfig): LoggerService {
  const upTo = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const options = { logLevels: [...upTo, 'fatal' as const], colors: false };
  return config.logFormat === 'json'
    ? new BatchedJsonLogger(options)
    : new ConsoleLogger({ ...options, json: false });
}

/**
 * Builds the whole application from an environment (validated first), without listening:
 * main.ts listens; tests drive it in-process with supertest.
 */
export async function createApp(
  env: Record<string, string | undefined>,
): Promise<INestApplication> {
  const config = loadConfig(env);
  const logger = createLogger(config);
  Logger.overrideLogger(logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app, config);
  return app;
}

export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No ETag on API answers: Express would hash every JSON body (40 kB for a full dashboard) for
  // a conditional GET nobody makes; client answers are personal and API reads are not cached.
  // Static portal files keep theirs (express.static sets its own).
  app.disable('etag');
  // The app-level middleware, in order; the hot lane runs the very same list (hot-routes/).
  const front: Middleware[] = [
    requestContext,
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      // Links carry tokens: never leak the address to another site (SPEC rule 2).
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: config.secureCookies,
    }),
    cookieParser(),
  ];
  const api: Middleware[] = [
    csrfProtection(new URL(config.publicUrl).origin),
    jsonBody(config.bodyLimit, express.json({ limit: config.bodyLimit })),
    bodyParserErrors,
    jsonDepthLimit(MAX_JSON_DEPTH),
  ];
  for (const each of front) app.use(each);
  app.use('/api', ...api);
  app.setGlobalPrefix('api');
  const pipe = createValidationPipe();
  const filter = new AllExceptionsFilter();
  app.useGlobalPipes(pipe);
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();
  setupOpenApi(app);
  if (config.portalDir) servePortal(app, config.portalDir);
  if (config.hotLane) {
    const lane = new HotLane(app, HOT_ROUTES, () => ({
      // Then the one Nest middleware (DatabaseModule applies it to every route).
      middleware: [...front, ...api, databaseScopeMiddleware],
      guard: app.get(AccessGuard, { strict: false }),
      pipe,
      filter,
    }));
    lane.install();
    hotLanes.set(app, lane);
  }
}

const hotLanes = new WeakMap<object, HotLane>();

/** The app's hot lane, if on (tests read `served` to know the lane answered). */
export function hotLaneOf(app: INestApplication): HotLane | undefined {
  return hotLanes.get(app);
}

/** Turns body-parser's malformed-JSON error into a clear 400 before Nest sees a bare SyntaxError. */
function bodyParserErrors(
  error: unknown,
  _request: express.Request,
  _response: express.Response,
  next: express.NextFunction,
): void {
  const type = (error as { type?: string } | null)?.type;
  next(
    type === 'entity.parse.failed'
      ? new BadRequestException({
          error: 'invalid_json',
          message: 'The request body is not valid JSON.',
        })
      : error,
  );
}

/** The Angular app on every path outside /api; link pages are never cached. */
function servePortal(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Portal').warn({ message: 'portal not built; serving the API only', dir });
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h', fallthrough: true }));
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.path.startsWith('/api'))
      return next();
    response.setHeader('Cache-Control', 'no-store');
    response.sendFile(index);
  });
}
