import type { IncomingMessage } from 'node:http';
import type { Actor, Engine, Upload } from '../engine';
import type { QueryType } from './http';
import type { Method } from './router';

export interface Call {
  engine: Engine;
  actor: Actor;
  req: IncomingMessage;
  params: Record<string, number>;
  /** The query string, already turned into numbers and booleans per the route's `query`. */
  query: Record<string, unknown>;
  /** The parsed JSON body for `body: 'json' | 'json-optional'` routes. */
  body: unknown;
  /** The file for `body: 'multipart'` routes. */
  upload: Upload | null;
  /** `http://host:port` as the client addressed us, for absolute URLs in replies. */
  origin(): string;
}

export type Reply =
  { status: number; json?: unknown } | { status: number; bytes: Buffer; headers: Record<string, string> };

export interface Route {
  method: Method;
  path: string;
  /** `integration` routes need that scope on top of `rest` (rule 10). */
  scope?: 'rest' | 'integration';
  body?: 'json' | 'json-optional' | 'multipart';
  query?: Record<string, QueryType>;
  handle(call: Call): Reply;
}

export const ok = (json: unknown): Reply => ({ status: 200, json });
export const created = (json: unknown): Reply => ({ status: 201, json });
export const noContent = (): Reply => ({ status: 204 });

export const PAGE_QUERY: Record<string, QueryType> = { limit: 'int', cursor: 'string' };
