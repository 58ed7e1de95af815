// Every route the running app mounts, read from Nest's own metadata (not from a list kept by
// hand), with the access policy its guard applies. Used by the specs that walk every route.
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_POLICY, AccessPolicy } from '../../apps/api/src/auth/decorators';

export type RouteVerb = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface AppRoute {
  /** Lower-case HTTP method, as supertest names it. */
  method: RouteVerb;
  /** The full path under /api with its `:params`, e.g. `/api/admin/clients/:clientId`. */
  path: string;
  policy: AccessPolicy | undefined;
}

export function appRoutes(app: INestApplication): AppRoute[] {
  const discovery = app.get(DiscoveryService);
  const reflector = app.get(Reflector);
  const routes: AppRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
    if (!controller) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      routes.push({
        method: RequestMethod[method].toLowerCase() as RouteVerb,
        path: `/api/${[base, sub].filter((p) => p && p !== '/').join('/')}`,
        policy: reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
          handler,
          controller,
        ]),
      });
    }
  }
  return routes;
}
