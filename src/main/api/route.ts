// What one HTTP route declares, and the types derived from it. The table itself is in
// ./routes.ts; the server (src/main/server), both backends (src/main/backend) and the
// OpenAPI document are all derived from that one table, so a route is declared once.
import type { z } from 'zod';
import { describeIssues } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import type { HttpMethod } from '../../shared/vocabulary';
import type { Actor, Engine, Upload } from '../engine';

/** `'/user/org/:orgId/user/:userId'` → `['orgId', 'userId']`, at the type level. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? [Name, ...ParamNames<`/${Rest}`>]
  : P extends `${string}:${infer Name}`
    ? [Name]
    : [];

/** The same, at run time. */
export const paramNames = (path: string): string[] =>
  path
    .split('/')
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1));

// Query schemas are objects whose fields are numbers, booleans, strings (or enums) and
// arrays of strings or of ids: the server turns the query string into exactly those.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QuerySchema = z.ZodObject<any>;

/** A reply that is not JSON: the stored bytes of a file. */
export interface BytesReply {
  bytes: Buffer;
  headers: Record<string, string>;
}

export interface RouteInput<P extends string, Q, B> {
  params: Record<ParamNames<P>[number], number>;
  query: Q extends QuerySchema ? z.output<Q> : Record<string, never>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  /** The file of a `multipart` route. */
  upload: Upload | null;
  /** `http://host:port` as the client addressed the server, for absolute URLs in replies. */
  readonly origin: string;
}

type Result<O, R> = R extends 'bytes' ? BytesReply : O extends z.ZodType ? z.output<O> : void;

export interface Route<
  P extends string = string,
  Q extends QuerySchema | undefined = QuerySchema | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  O extends z.ZodType | undefined = z.ZodType | undefined,
  R extends 'json' | 'bytes' = 'json' | 'bytes',
  InBackend extends boolean = boolean,
> {
  method: HttpMethod;
  /** Path parameters are written `:name` and are always positive integer ids. */
  path: P;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The OpenAPI tag the route is listed under. */
  tag: 'me' | 'orgs' | 'members' | 'users' | 'keys' | 'audit' | 'files';
  /** `integration` routes need that scope on top of `rest` (rule 10). */
  scope?: 'rest' | 'integration';
  query?: Q;
  body?: B;
  /** An absent body is read as `{}` (e.g. roll with no options). */
  bodyOptional?: boolean;
  /** A multipart/form-data upload with one file in the field `file`, instead of a JSON body. */
  multipart?: boolean;
  /** The success status; 204 replies have no body. */
  status: 200 | 201 | 204;
  /** The JSON reply's schema; absent for 204 and for `reply: 'bytes'`. */
  output?: O;
  reply?: R;
  /** false: a server-only route the desktop app's Backend does not offer (uploads, imports). */
  backend?: InBackend;
  handle(engine: Engine, actor: Actor, input: RouteInput<P, Q, B>): Result<O, R>;
}

/** Declares a route, inferring its types from the schemas so that `handle` is checked against them. */
export function route<
  P extends string,
  Q extends QuerySchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  O extends z.ZodType | undefined = undefined,
  R extends 'json' | 'bytes' = 'json',
  InBackend extends boolean = true,
>(spec: Route<P, Q, B, O, R, InBackend>): Route<P, Q, B, O, R, InBackend> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = Route<string, any, any, any, any, boolean>;

type Ids<T extends unknown[]> = { [I in keyof T]: number };

/** After the path's ids: the body (required), or the query (optional when every field is). */
type InputArgs<R extends AnyRoute> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  R extends Route<any, infer Q, infer B, any, any, any>
    ? B extends z.ZodType
      ? [input: z.input<B>]
      : Q extends QuerySchema
        ? object extends z.input<Q>
          ? [query?: z.input<Q>]
          : [query: z.input<Q>]
        : []
    : never;

/** A Backend method's arguments: the path's ids in order, then the body or query. */
export type ArgsOf<R extends AnyRoute> = [...Ids<ParamNames<R['path']>>, ...InputArgs<R>];

/** A Backend method's result: the reply's JSON, or nothing for a 204. */
export type OutputOf<R extends AnyRoute> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  R extends Route<any, any, any, infer O, any, any> ? (O extends z.ZodType ? z.output<O> : void) : never;

/** Parses with a schema; a failure is a 400 naming the field, as every surface reports it. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new KeywardenError('BAD_REQUEST', describeIssues(r.error));
  return r.data;
}

/** `ids`: integers separated by commas (`?ids=1,2,3`); `strings`: the name repeated (`?label=a&label=b`). */
export type QueryType = 'int' | 'bool' | 'string' | 'strings' | 'ids';

/** How each query field travels as text, read off the route's zod schema. */
export function queryTypes(schema: QuerySchema | undefined): Record<string, QueryType> {
  const out: Record<string, QueryType> = {};
  if (!schema) return out;
  for (const [name, field] of Object.entries(schema.shape)) out[name] = typeOf(field as z.ZodType);
  return out;
}

function typeOf(field: z.ZodType): QueryType {
  const def = field.def as { type: string; innerType?: z.ZodType; element?: z.ZodType };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return typeOf(def.innerType!);
    case 'number':
    case 'int':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'array':
      return typeOf(def.element!) === 'int' ? 'ids' : 'strings';
    default:
      return 'string';
  }
}
