// The OpenAPI 3.1 document of the Core HTTP API, derived from the route table (./routes.ts)
// so that it cannot drift from what the server does: request bodies come from the routes'
// input schemas, replies from their output schemas, all through zod's own JSON Schema
// export. Served at GET /openapi.json (docs/api.md).
import { z } from 'zod';
import { ERROR_CODES, ERROR_STATUS } from '../../shared/errors';
import { paramNames, queryTypes, type AnyRoute } from './route';
import { ROUTE_TABLE } from './routes';

type Json = Record<string, unknown>;

/** Statuses an error reply can have from the server (the client-side codes never come over HTTP). */
const ERROR_REPLIES: Record<number, string> = {
  400: 'Bad request: a malformed id, query or body, or a policy violation',
  401: 'No key, or a key that is malformed, unknown, revoked, expired or disabled',
  403: 'The key may not do this',
  404: 'No such route or record',
  405: 'The path exists with other methods (see the Allow header)',
  409: 'Conflicts with the current state',
  413: 'The body is over its limit',
  500: 'Internal error',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  // The document names its dialect once (jsonSchemaDialect); nested $schema keys are noise.
  delete out.$schema;
  return out;
}

/** `/user/apiKey/:id` → `/user/apiKey/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

function parameters(route: AnyRoute): Json[] {
  const out: Json[] = paramNames(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  }));
  if (!route.query) return out;
  const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
  const types = queryTypes(route.query);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const param: Json = { name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property };
    // ids travel as one comma-separated value; string lists as the name repeated.
    if (types[name] === 'ids') Object.assign(param, { style: 'form', explode: false });
    if (typeof property.description === 'string') param.description = property.description;
    out.push(param);
  }
  return out;
}

function requestBody(route: AnyRoute): Json | undefined {
  if (route.multipart) {
    return {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            required: ['file'],
          },
        },
      },
    };
  }
  if (!route.body) return undefined;
  return {
    required: !route.bodyOptional,
    content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
  };
}

function responses(route: AnyRoute): Json {
  const out: Json = {};
  if (route.reply === 'bytes') {
    out[route.status] = {
      description: 'The stored bytes, as a download',
      content: {
        'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
      },
    };
  } else if (route.status === 204 || !route.output) {
    out[route.status] = { description: 'Done; no body' };
  } else {
    out[route.status] = {
      description: 'Success',
      content: { 'application/json': { schema: jsonSchema(route.output, 'output') } },
    };
  }
  for (const [status, description] of Object.entries(ERROR_REPLIES)) {
    out[status] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

function buildOpenApi(version = '1.0.0'): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [operationId, route] of Object.entries(ROUTE_TABLE) as [string, AnyRoute][]) {
    const path = openApiPath(route.path);
    const op: Json = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: parameters(route),
      responses: responses(route),
    };
    const body = requestBody(route);
    if (body) op.requestBody = body;
    if (route.scope === 'integration') op.description = 'Needs the `integration` scope on top of `rest`.';
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  const serverCodes = ERROR_CODES.filter((c) => String(ERROR_STATUS[c]) in ERROR_REPLIES);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Keywarden Core API',
      version,
      description: 'Every reply that is not a success is `{"error": {"code", "message"}}` (docs/api.md).',
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          additionalProperties: false,
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              additionalProperties: false,
              properties: { code: { type: 'string', enum: serverCodes }, message: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  };
}

let cached: string | null = null;

/** The document as served: built once, on first request. */
export function openApiJson(): string {
  return (cached ??= JSON.stringify(buildOpenApi()));
}
