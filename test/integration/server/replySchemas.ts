// The check every integration test's HTTP helper runs on every JSON reply: the body must
// match the schema the OpenAPI document (src/main/api/openapi.ts) declares for that route
// and status. A reply the document does not describe is a defect in one or the other.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { openApiJson, openApiPath } from '../../../src/main/api/openapi';
import { Router } from '../../../src/main/server/router';
import { ROUTES } from '../../../src/main/server';
import type { HttpMethod } from '../../../src/shared/vocabulary';

type Json = Record<string, any>;

const doc = JSON.parse(openApiJson()) as Json;
const errorSchema = doc.components.schemas.Error as Json;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const router = new Router<{ method: HttpMethod; path: string }>(
  ROUTES.map((r) => ({ method: r.method, path: r.path })),
);
const compiled = new Map<string, ValidateFunction>();

function inlineRefs(schema: Json): Json {
  return schema.$ref === '#/components/schemas/Error' ? errorSchema : schema;
}

function validatorFor(key: string, schema: Json): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(inlineRefs(schema));
    compiled.set(key, v);
  }
  return v;
}

/** null when the reply fits the document, else why not. */
export function replyMismatch(method: string, pathname: string, status: number, body: unknown): string | null {
  // The document itself is checked whole, by openapi.test.ts.
  if (pathname === '/openapi.json') return null;
  const where = `${method} ${pathname} → ${status}`;
  const m = router.match(method, pathname);
  let schema: Json | undefined;
  let key: string;
  if (m.ok) {
    const op = doc.paths[openApiPath(m.route.path)]?.[m.route.method.toLowerCase()];
    const response = op?.responses?.[String(status)];
    if (!response) return `${where}: the document declares no such status for ${m.route.method} ${m.route.path}`;
    schema = response.content?.['application/json']?.schema;
    if (!schema) return `${where}: the document declares no JSON body for this status`;
    key = `${m.route.method} ${m.route.path} ${status}`;
  } else {
    // No route (404) or a wrong method (405): the server answers with the error envelope.
    schema = errorSchema;
    key = 'error';
  }
  const v = validatorFor(key, schema);
  if (v(body)) return null;
  return `${where}: the reply does not match the OpenAPI document: ${ajv.errorsText(v.errors)}; body: ${JSON.stringify(body).slice(0, 300)}`;
}
