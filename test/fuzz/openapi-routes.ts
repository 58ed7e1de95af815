// Reads the routes out of the app's own OpenAPI document (GET /api/docs-json).

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  allOf?: Schema[];
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export type Body = { kind: 'json'; schema: Schema } | { kind: 'multipart'; schema: Schema } | null;

export interface Route {
  method: string;
  /** With `{name}` placeholders, e.g. /api/admin/clients/{clientId}. */
  path: string;
  pathParams: Param[];
  query: Param[];
  body: Body;
  /** Who the route is for, from its security requirement: staff, client, or anyone. */
  audience: 'staff' | 'client' | 'public';
}

interface Operation {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      let body: Body = null;
      if (content['multipart/form-data']) {
        body = { kind: 'multipart', schema: content['multipart/form-data'].schema ?? {} };
      } else if (content['application/json']) {
        body = { kind: 'json', schema: content['application/json'].schema ?? {} };
      }
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        body,
        audience: audienceOf(op),
      });
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Follows $ref (and a single allOf) to the schema itself. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let hops = 0; hops < 10; hops++) {
    if (current.$ref) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = doc.components?.schemas?.[name] ?? {};
    } else if (current.allOf?.length === 1) {
      current = current.allOf[0];
    } else {
      break;
    }
  }
  return current;
}

function audienceOf(op: Operation): Route['audience'] {
  const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes('staff')) return 'staff';
  if (schemes.length > 0) return 'client';
  return 'public';
}
