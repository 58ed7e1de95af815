import {
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  ForbiddenException,
  Logger,
  type PipeTransform,
  type Type,
} from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { INestApplication } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** An Express-style middleware, as `app.use` takes it (four parameters: an error handler). */
export type Middleware =
  | ((request: never, response: never, next: (error?: unknown) => void) => void)
  | ((error: unknown, request: never, response: never, next: (error?: unknown) => void) => void);

/** One hot route: a controller method Nest also serves, named by method and exact path. */
export interface HotRoute {
  method: 'GET' | 'POST';
  /** The full path; a last segment `:name` takes one path segment of the given shape. */
  path: string;
  /**
   * What the `:name` segment must look like for the lane to take it (say, a UUID): any other
   * value, such as a literal route beside it (`/api/me/tasks/search`), goes to Express.
   */
  shape?: RegExp;
  controller: Type<object>;
  handler: string;
}

/** What the lane needs from the application, all of them the very instances Nest uses. */
export interface HotLaneParts {
  /** The app-level middleware in the order `configureApp` registers it, then the Nest ones. */
  middleware: Middleware[];
  guard: CanActivate;
  pipe: PipeTransform;
  filter: ExceptionFilter;
}

type Req = IncomingMessage & {
  originalUrl?: string;
  baseUrl?: string;
  params?: Record<string, string>;
  route?: { path: string };
  res?: ServerResponse;
  body?: unknown;
};
type Res = ServerResponse & { req?: IncomingMessage; locals?: Record<string, unknown> };

interface Param {
  index: number;
  kind: 'body' | 'param' | 'request' | 'response' | 'custom';
  data: string | undefined;
  metatype: unknown;
  pipes: PipeTransform[];
  factory?: (data: unknown, context: ExecutionContextHost) => unknown;
}

interface Compiled {
  route: HotRoute;
  prefix: string;
  paramName: string | null;
  shape: RegExp;
  status: number;
  headers: { name: string; value: string | (() => string) }[];
  params: Param[];
  call: (...args: unknown[]) => unknown;
  handlerFn: (...args: unknown[]) => unknown;
}

interface Prepared {
  routes: Map<string, Compiled[]>;
  parts: HotLaneParts;
  /** Express's request and response prototypes (what its app.handle gives every request). */
  expressApp: { request: object; response: object };
}

const SEGMENT = /^[^/?#%]+$/;

/**
 * The hot lane (issue 11): the few client routes that every e-mail click and page view hits are
 * served without walking Express's router (about 150 layers, a regular expression each) and
 * without Nest building its per-request pipeline (interceptor observables, async resources).
 * It runs the same parts, in the same order, as the usual path, each the very function or
 * instance the usual path uses: the app's middleware (request id and access log, security
 * headers, cookies, CSRF, JSON body and its errors, depth limit, database scope), the global
 * AccessGuard, the status and headers the route's decorators declare, the global ValidationPipe
 * and the parameter's own pipes, the controller method itself, Express's JSON reply, and the
 * global exception filter for anything thrown.
 *
 * What it leaves out, on purpose: the global Idempotency interceptor (it acts only on staff POSTs
 * under /api/admin/, which no hot route is). A route whose decorators add a guard, interceptor,
 * pipe or filter of its own, a redirect, a template or a server-sent stream is refused when the
 * lane is built, and then simply served the usual way. So is every request the lane does not
 * match exactly (another method, a query string, a trailing slash, other letter case): Express
 * answers those as before.
 */
export class HotLane {
  private readonly logger = new Logger('HotLane');
  private prepared: Prepared | null = null;
  /** Requests answered here; tests read it to be sure the lane, not Express, answered. */
  served = 0;

  constructor(
    private readonly app: INestApplication,
    private readonly routes: HotRoute[],
    /** Called once, on first use. */
    private readonly parts: () => HotLaneParts,
  ) {}

  /** Puts the lane in front of Express on the application's HTTP server. */
  install(): void {
    const server = this.app.getHttpServer() as Server;
    const [express] = server.listeners('request') as ((
      req: IncomingMessage,
      res: ServerResponse,
    ) => void)[];
    if (!express)
      throw new Error('The HTTP server has no request handler to put the lane in front of');
    server.removeListener('request', express);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!this.take(req, res)) express(req, res);
    });
  }

  /** Serves the request if it is a hot route; false hands it to Express untouched. */
  take(req: Req, res: Res): boolean {
    const url = req.url;
    if (!url || url.includes('?') || (req.method !== 'GET' && req.method !== 'POST')) return false;
    const { routes } = this.prepare();
    let hit: Compiled | undefined;
    let value: string | undefined;
    for (const route of routes.get(req.method) ?? []) {
      if (route.paramName === null) {
        if (url === route.prefix) hit = route;
      } else if (url.startsWith(route.prefix)) {
        const rest = url.slice(route.prefix.length);
        if (SEGMENT.test(rest) && route.shape.test(rest)) {
          hit = route;
          value = rest;
        }
      }
      if (hit) break;
    }
    if (!hit) return false;
    this.served++;
    this.serve(hit, value, req, res);
    return true;
  }

  private serve(route: Compiled, value: string | undefined, req: Req, res: Res): void {
    const { expressApp, parts } = this.prepare();
    // What Express's app.handle and its router set up before any middleware runs.
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, expressApp.request);
    Object.setPrototypeOf(res, expressApp.response);
    res.locals ??= Object.create(null) as Record<string, unknown>;
    req.originalUrl = req.url;
    req.baseUrl = '';
    req.params = route.paramName && value !== undefined ? { [route.paramName]: value } : {};
    const { middleware } = parts;
    let i = 0;
    const next = (error?: unknown): void => {
      const layer = middleware[i++] as unknown as (...args: unknown[]) => void;
      if (!layer) {
        if (error !== undefined) this.fail(error, req, res);
        else void this.run(route, req, res);
        return;
      }
      try {
        if (error !== undefined) {
          if (layer.length === 4) layer(error, req, res, next);
          else next(error);
        } else if (layer.length < 4) layer(req, res, next);
        else next();
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  }

  private async run(route: Compiled, req: Req, res: Res): Promise<void> {
    const { guard, pipe } = this.prepare().parts;
    req.route = { path: route.route.path };
    const context = new ExecutionContextHost(
      [req, res, () => undefined],
      route.route.controller,
      route.handlerFn,
    );
    try {
      if (!(await guard.canActivate(context))) throw new ForbiddenException('Forbidden resource');
      res.statusCode = route.status;
      for (const header of route.headers) {
        res.setHeader(
          header.name,
          typeof header.value === 'function' ? header.value() : header.value,
        );
      }
      const args = await Promise.all(
        route.params.map(async (param) => {
          let value = this.extract(param, req, res, context);
          if (param.kind === 'request' || param.kind === 'response') return value;
          const metadata = { type: param.kind, metatype: param.metatype, data: param.data };
          for (const each of [pipe, ...param.pipes]) {
            value = await each.transform(value, metadata as never);
          }
          return value;
        }),
      );
      const result = await route.call(...args);
      this.app.getHttpAdapter().reply(res, result, route.status);
    } catch (error) {
      this.fail(error, req, res);
    }
  }

  private extract(param: Param, req: Req, res: Res, context: ExecutionContextHost): unknown {
    switch (param.kind) {
      case 'body':
        return param.data
          ? (req.body as Record<string, unknown> | undefined)?.[param.data]
          : req.body;
      case 'param':
        return param.data ? req.params?.[param.data] : req.params;
      case 'request':
        return req;
      case 'response':
        return res;
      case 'custom':
        return param.factory?.(param.data, context);
    }
  }

  private fail(error: unknown, req: Req, res: Res): void {
    const host = new ExecutionContextHost([req, res, () => undefined]) as ArgumentsHost;
    try {
      this.prepare().parts.filter.catch(error, host);
    } catch (thrown) {
      this.logger.error({ message: 'exception filter failed', error: String(thrown) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  }

  /**
   * The compiled routes by method and the application's parts, resolved once on first use (Nest
   * has built its providers and registered its routes by then), never per request.
   */
  private prepare(): Prepared {
    if (this.prepared) return this.prepared;
    const routes = new Map<string, Compiled[]>();
    for (const route of this.routes) {
      const compiled = this.compile(route);
      if (!compiled) continue;
      routes.set(route.method, [...(routes.get(route.method) ?? []), compiled]);
    }
    const expressApp = this.app.getHttpAdapter().getInstance() as Prepared['expressApp'];
    this.prepared = { routes, parts: this.parts(), expressApp };
    return this.prepared;
  }

  private compile(route: HotRoute): Compiled | null {
    const instance = this.app.get<object, Record<string, unknown>>(route.controller, {
      strict: false,
    });
    const handlerFn = instance[route.handler];
    if (typeof handlerFn !== 'function') throw new Error(`No handler ${route.handler}`);
    const refuse = (why: string): null => {
      this.logger.warn({ message: 'route served the usual way', route: route.path, why });
      return null;
    };
    for (const key of [
      GUARDS_METADATA,
      INTERCEPTORS_METADATA,
      PIPES_METADATA,
      EXCEPTION_FILTERS_METADATA,
    ]) {
      const own = [
        ...((Reflect.getMetadata(key, route.controller) as unknown[] | undefined) ?? []),
        ...((Reflect.getMetadata(key, handlerFn) as unknown[] | undefined) ?? []),
      ];
      if (own.length) return refuse(`its own ${key}`);
    }
    for (const key of [REDIRECT_METADATA, RENDER_METADATA, SSE_METADATA]) {
      if (Reflect.getMetadata(key, handlerFn) !== undefined) return refuse(key);
    }
    const segments = route.path.split('/');
    const last = segments[segments.length - 1];
    const paramName = last.startsWith(':') ? last.slice(1) : null;
    if (segments.slice(0, -1).some((s) => s.startsWith(':')))
      return refuse('a parameter before the end');
    if (paramName && !route.shape) return refuse('a parameter without a shape');
    const prefix = paramName ? route.path.slice(0, route.path.length - last.length) : route.path;
    const metatypes =
      (Reflect.getMetadata(
        'design:paramtypes',
        route.controller.prototype as object,
        route.handler,
      ) as unknown[] | undefined) ?? [];
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.handler) ??
      {}) as Record<
      string,
      {
        index: number;
        data?: string;
        pipes?: unknown[];
        factory?: (data: unknown, context: ExecutionContextHost) => unknown;
      }
    >;
    const params: Param[] = [];
    for (const [key, arg] of Object.entries(args)) {
      const pipes = arg.pipes ?? [];
      if (pipes.some((p) => typeof p === 'function')) return refuse('a pipe given as a class');
      const base = { index: arg.index, data: arg.data, metatype: metatypes[arg.index] };
      const typed = { ...base, pipes: pipes as PipeTransform[] };
      if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
        params.push({ ...typed, kind: 'custom', factory: arg.factory });
        continue;
      }
      const type = Number(key.split(':')[0]);
      if (type === Number(RouteParamtypes.BODY)) params.push({ ...typed, kind: 'body' });
      else if (type === Number(RouteParamtypes.PARAM)) params.push({ ...typed, kind: 'param' });
      else if (type === Number(RouteParamtypes.REQUEST)) params.push({ ...typed, kind: 'request' });
      else if (type === Number(RouteParamtypes.RESPONSE)) {
        const passthrough: unknown = Reflect.getMetadata(
          RESPONSE_PASSTHROUGH_METADATA,
          route.controller,
          route.handler,
        );
        if (passthrough !== true) return refuse('@Res() without passthrough');
        params.push({ ...typed, data: undefined, kind: 'response' });
      } else return refuse(`parameter type ${type}`);
    }
    params.sort((a, b) => a.index - b.index);
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, handlerFn) as number | undefined) ??
      (route.method === 'POST' ? 201 : 200);
    const headers = (Reflect.getMetadata(HEADERS_METADATA, handlerFn) ?? []) as Compiled['headers'];
    return {
      route,
      prefix,
      paramName,
      shape: route.shape ?? /^$/,
      status,
      headers,
      params,
      handlerFn: handlerFn as Compiled['handlerFn'],
      call: (...values: unknown[]) =>
        (handlerFn as (...a: unknown[]) => unknown).apply(instance, values),
    };
  }
}
