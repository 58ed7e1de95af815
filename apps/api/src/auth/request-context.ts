import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { readDeviceCookie } from './device-cookie';
import { readSessionCookie } from './session-cookie';

/**
 * What a service may know about the HTTP caller, as plain values: services never see Express
 * objects. Cookies are read with the usual rules: a well-formed token or null.
 */
export interface CallerContext {
  ip: string;
  userAgent: string | null;
  deviceSecret: string | null;
  sessionToken: string | null;
}

const CALLER = Symbol('callerContext');
type WithCaller = Request & { [CALLER]?: CallerContext };

/** Reads the caller's context from a request (cookie names depend on `secureCookies`). */
export function callerContext(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): CallerContext {
  return {
    ip: request.ip ?? 'unknown',
    userAgent: request.header('user-agent') ?? null,
    deviceSecret: readDeviceCookie(request, config) ?? null,
    sessionToken: readSessionCookie(request, config) ?? null,
  };
}

/** Stores the caller's context on the request; the global guard does this for every route. */
export function attachCallerContext(
  request: Request,
  config: Pick<AppConfig, 'secureCookies'>,
): CallerContext {
  const context = callerContext(request, config);
  (request as WithCaller)[CALLER] = context;
  return context;
}

export function callerContextOf(request: Request): CallerContext {
  const context = (request as WithCaller)[CALLER];
  if (!context) throw new Error('Caller used on a request the access guard did not see');
  return context;
}

/** The caller's plain context (`CallerContext`) as a handler parameter. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallerContext =>
  callerContextOf(context.switchToHttp().getRequest<Request>()),
);
