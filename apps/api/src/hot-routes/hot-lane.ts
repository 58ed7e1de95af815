import {
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  ForbiddenException,
  Logger,
  type PipeTransform,
  StreamableFile,
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
import { isThenable } from '../common/thenable';

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
} & Partial<Record<RequestMember, unknown>>;
type Res = ServerResponse & {
  req?: IncomingMessage;
  locals?: Record<string, unknown>;
} & Partial<Record<ResponseMember, unknown>>;

/**
 * The Express members the hot routes' parts use (the middleware, the guard, the cookie readers
 * and writers): a request and a response in the lane get Express's own implementations of these,
 * as their own properties. Code on a hot route that needs another Express member must add it here
 * (`hot-lane.e2e-spec.ts` would show the difference); anything thrown is answered by the filter
 * with Express's full objects.
 */
const REQUEST_MEMBERS = ['header', 'get'] as const;
const RESPONSE_MEMBERS = ['cookie', 'clearCookie', 'append', 'set', 'header', 'get'] as const;
type RequestMember = (typeof REQUEST_MEMBERS)[number] | 'app' | 'ip';
type ResponseMember = (typeof RESPONSE_MEMBERS)[number];

/** What Express's request and response give the lane (found once, on its prototypes). */
interface ExpressParts {
  app: { request: object; response: object; get(setting: string): unknown };
  request: Record<(typeof REQUEST_MEMBERS)[number], unknown>;
  response: Record<ResponseMember, unknown>;
  /** Express's `req.ip` (a getter): the address under the app's `trust proxy` setting. */
  ip: PropertyDescriptor;
}

interface Param {
  index: number;
  kind: 'body' | 'param' | 'request' | 'response' | 'custom';
  data: string | undefined;
  metatype: unknown;
  /** What the pipes are told about it (Nest's ArgumentMetadata), made once. */
  metadata: { type: string; metatype: unknown; data: string | undefined };
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
  express: ExpressParts;
  /** Whether `res.json` is plain `JSON.stringify` with no ETag (else the lane lets Express reply). */
  plainJson: boolean;
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
 * and the parameter's own pipes, the controller method itself, the JSON reply Express would send
 * (`reply`), and the global exception filter for anything thrown. Node's request and response
 * objects are not turned into Express's (see `dress`).
 *
 * What it leaves out, on purpose: the global Idempotency interceptor (it acts only on staff POSTs
 * under /api/admin/, which no hot route is). A route whose decorators add a guard, interceptor,
 * pipe or filter of its own, a redirect, a template or a server-sent stream is refused when the
 * lane is built, and then simply served the usual way. So is every request the lane does not
 * match exactly (another method, a query string, a trailing slash, other letter case, a
 * conditional GET): Express answers those as before.
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
    // A conditional request may get Express's 304 (`If-None-Match: *`): Express answers those.
    if (
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined
    )
      return false;
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
    const { express, parts } = this.prepare();
    // What Express's app.handle and its router set up before any middleware runs, except its
    // prototypes: see `dress`.
    this.dress(express, req, res);
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

  /**
   * Express gives every request and response its own prototypes (`Object.setPrototypeOf`), and
   * that alone costs more CPU than the rest of the lane's work: V8 then treats each object's
   * property reads as never seen before, all the way down to Node's own `setHeader` and `end`
   * (measured: status over the lane 0.7-1.0 ms of CPU a request with them, 0.3-0.4 ms without).
   * So the lane keeps Node's objects and gives them, as own properties, Express's own
   * implementations of the members the hot routes' parts use, and the address Express would
   * compute. The error path and an unusual answer get the full Express objects (`expressify`).
   */
  private dress(express: ExpressParts, req: Req, res: Res): void {
    req.res = res;
    res.req = req;
    req.app = express.app;
    for (const name of REQUEST_MEMBERS) req[name] = express.request[name];
    req.ip = express.ip.get?.call(req) as unknown;
    res.locals = Object.create(null) as Record<string, unknown>;
    for (const name of RESPONSE_MEMBERS) res[name] = express.response[name];
  }

  /** Gives the request and response Express's prototypes, as Express itself does. */
  private expressify(req: Req, res: Res): void {
    const { app } = this.prepare().express;
    if (Object.getPrototypeOf(req) !== app.request) Object.setPrototypeOf(req, app.request);
    if (Object.getPrototypeOf(res) !== app.response) Object.setPrototypeOf(res, app.response);
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
      // Each parameter in order, through the global pipe and its own, as Nest's pipes consumer
      // runs them; a pipe that answers at once is not awaited (no promise per parameter).
      const args: unknown[] = [];
      for (const param of route.params) {
        let value = this.extract(param, req, res, context);
        if (param.kind !== 'request' && param.kind !== 'response') {
          for (const each of [pipe, ...param.pipes]) {
            value = each.transform(value, param.metadata as never);
            if (isThenable(value)) value = await value;
          }
        }
        args.push(value);
      }
      this.reply(route, req, res, await route.call(...args));
    } catch (error) {
      this.fail(error, req, res);
    }
  }

  /**
   * The answer, byte for byte what Express's `res.json` sends for a JSON object when ETags are
   * off and no JSON setting is changed (`plainJson`): Content-Type, Content-Length, the body.
   * Anything else (no body, a stream, a type the handler set) is Express's to send.
   */
  private reply(route: Compiled, req: Req, res: Res, result: unknown): void {
    if (
      !this.prepare().plainJson ||
      result === null ||
      typeof result !== 'object' ||
      result instanceof StreamableFile ||
      res.getHeader('content-type') !== undefined
    ) {
      this.expressify(req, res);
      this.app.getHttpAdapter().reply(res, result, route.status);
      return;
    }
    const body = JSON.stringify(result);
    res.statusCode = route.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
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
    this.expressify(req, res);
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
    const app = this.app.getHttpAdapter().getInstance() as ExpressParts['app'];
    const express: ExpressParts = {
      app,
      request: Object.fromEntries(
        REQUEST_MEMBERS.map((name) => [name, member(app.request, name).value as unknown]),
      ) as ExpressParts['request'],
      response: Object.fromEntries(
        RESPONSE_MEMBERS.map((name) => [name, member(app.response, name).value as unknown]),
      ) as ExpressParts['response'],
      ip: member(app.request, 'ip'),
    };
    const plainJson = ['etag fn', 'json replacer', 'json spaces', 'json escape'].every(
      (setting) => !app.get(setting),
    );
    this.prepared = { routes, parts: this.parts(), express, plainJson };
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
    const params: Omit<Param, 'metadata'>[] = [];
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
      params: params.map((param) => ({
        ...param,
        metadata: { type: param.kind, metatype: param.metatype, data: param.data },
      })),
      handlerFn: handlerFn as Compiled['handlerFn'],
      call: (...values: unknown[]) =>
        (handlerFn as (...a: unknown[]) => unknown).apply(instance, values),
    };
  }
}

/** A property as an object finds it along its prototype chain (Express's members live there). */
function member(object: object, name: string): PropertyDescriptor {
  for (let at: object | null = object; at; at = Object.getPrototypeOf(at) as object | null) {
    const found = Object.getOwnPropertyDescriptor(at, name);
    if (found) return found;
  }
  throw new Error(`Express has no "${name}" for the hot lane`);
}
