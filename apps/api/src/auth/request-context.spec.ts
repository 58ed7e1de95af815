import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { newToken } from '../common/crypto';
import { attachCallerContext, Caller, callerContext, type CallerContext } from './request-context';

const HTTP = { secureCookies: false };
const HTTPS = { secureCookies: true };

function request(input: {
  ip?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, unknown>;
}): Request {
  const headers = input.headers ?? {};
  return {
    ip: input.ip,
    cookies: input.cookies,
    header: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
}

/** Runs the @Caller() decorator's factory the way Nest does for a handler parameter. */
function callerParam(req: Request): CallerContext {
  class Probe {
    handler(@Caller() _caller: CallerContext): void {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<
    string,
    { factory: (data: unknown, context: ExecutionContext) => CallerContext; data: unknown }
  >;
  const { factory, data } = Object.values(args)[0];
  return factory(data, {
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext);
}

describe('CallerContext and @Caller()', () => {
  it('reads the address, the user agent and well-formed cookie tokens', () => {
    const device = newToken();
    const session = newToken();
    expect(
      callerContext(
        request({
          ip: '192.0.2.7',
          headers: { 'user-agent': 'Mozilla/5.0 (Android) Chrome/130' },
          cookies: { cp_device: device, cp_session: session },
        }),
        HTTP,
      ),
    ).toEqual({
      ip: '192.0.2.7',
      userAgent: 'Mozilla/5.0 (Android) Chrome/130',
      deviceSecret: device,
      sessionToken: session,
    });
  });

  it('uses the __Host- cookies over https and ignores the plain ones', () => {
    const device = newToken();
    const session = newToken();
    const both = request({
      cookies: { cp_device: newToken(), '__Host-cp_device': device, '__Host-cp_session': session },
    });
    expect(callerContext(both, HTTPS)).toMatchObject({
      deviceSecret: device,
      sessionToken: session,
    });
    expect(callerContext(both, HTTP).sessionToken).toBeNull();
  });

  it('gives null for malformed, non-string or missing cookies and a missing user agent', () => {
    expect(
      callerContext(request({ cookies: { cp_device: 'short', cp_session: { a: 1 } } }), HTTP),
    ).toEqual({ ip: 'unknown', userAgent: null, deviceSecret: null, sessionToken: null });
    expect(callerContext(request({}), HTTP)).toMatchObject({
      deviceSecret: null,
      sessionToken: null,
    });
  });

  it('hands a handler the context the guard attached to its request', () => {
    const req = request({ ip: '198.51.100.1', cookies: { cp_device: newToken() } });
    const attached = attachCallerContext(req, HTTP);
    expect(callerParam(req)).toBe(attached);
  });

  it('refuses to make one up for a request the guard did not see', () => {
    expect(() => callerParam(request({}))).toThrow(/access guard/);
  });
});
