import { z, type ZodType } from 'zod';
import { ErrorBodySchema } from '../../../shared/protocol/api.js';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query and path schemas become OpenAPI parameters, one per property. */
function parametersOf(s: ZodType | undefined, where: 'query' | 'path') {
  if (!s) return [];
  const js = schemaOf(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  }));
}

export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (malformed JSON, wrong types, unknown fields, out-of-range values)',
  401: 'Missing, expired or revoked credential',
  403: 'The credential may not do this',
  404: 'Not found (or belongs to another tenant)',
  409: 'Conflicts with existing data',
  413: 'Body over the limit',
  429: 'Rate limited or queue full',
};

/** OpenAPI 3.1 from the same declarations that validate requests. */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const errorCodes = new Set<number>([400, ...(r.errors ?? [])]);
    if (r.auth !== 'public') errorCodes.add(401);
    if (typeof r.auth === 'object') errorCodes.add(403);
    if (r.params) errorCodes.add(404);
    if (r.body) errorCodes.add(413);
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: {
        description: 'Success',
        content: { [r.contentType ?? 'application/json']: { schema: schemaOf(r.response, 'output') } },
      },
    };
    for (const code of [...errorCodes].sort()) {
      responses[String(code)] = {
        description: ERROR_TEXT[code] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${openApiPath(r.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      responses,
      ...(r.auth === 'public' ? { security: [] } : {}),
      ...(typeof r.auth === 'object' ? { 'x-permission': r.auth.permission } : {}),
    };
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
    }
    const path = openApiPath(r.url);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skyfort aggregator API',
      version: info.version,
      description:
        'Cloud management, topology, metrics and operations API of the Skyfort NOC console. ' +
        'Authenticate with `Authorization: Bearer <token>` (a login token, a display credential or an API key).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(ErrorBodySchema, 'output') },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
