// Reading requests and writing replies. Bodies are buffered only up to their limit;
// past it the request is answered 413 at once and its remaining bytes are discarded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryType } from '../api/route';
import { ERROR_STATUS, KeywardenError, type ErrorBody, type ErrorCode } from '../../shared/errors';
import { redactKeys } from '../../shared/keyFormat';
import { jsonOf } from '../engine/replyJson';

export const JSON_LIMIT = 1024 * 1024;

interface Json {
  text: string;
  bytes: number;
}

function json(body: unknown): Json {
  // A reply whose text the engine already holds (engine/replyJson.ts) is not serialized again.
  const text = jsonOf(body) ?? JSON.stringify(body);
  return { text, bytes: Buffer.byteLength(text) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  writeJson(res, status, json(body), extra);
}

function writeJson(res: ServerResponse, status: number, { text, bytes }: Json, extra?: Record<string, string>): void {
  // A flat [name, value, …] list: the cheapest form writeHead takes, on every reply.
  const headers: (string | number)[] = [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    bytes,
    'cache-control',
    'no-store',
    'x-content-type-options',
    'nosniff',
  ];
  if (extra) for (const [k, v] of Object.entries(extra)) headers.push(k, v);
  res.writeHead(status, headers as unknown as string[]);
  res.end(text);
}

export { redactKeys as redact } from '../../shared/keyFormat';

export function sendError(res: ServerResponse, e: KeywardenError, extra?: Record<string, string>): void {
  const error: ErrorBody = { code: e.code, message: redactKeys(e.message) };
  sendJson(res, e.status, { error }, extra);
}

/** Refusals' replies by code and message: the same few are sent again and again (bench (b), 401 workload). */
const refusals = new Map<string, Json>();
const REFUSALS_MAX = 256;

/** An authentication refusal (docs/rules.md): sendError's reply, its text built once per code and message. */
export function sendRefusal(res: ServerResponse, code: ErrorCode, message: string): void {
  const id = `${code} ${message}`;
  let kept = refusals.get(id);
  if (kept === undefined) {
    const error: ErrorBody = { code, message: redactKeys(message) };
    const text = JSON.stringify({ error });
    kept = { text, bytes: Buffer.byteLength(text) };
    if (refusals.size >= REFUSALS_MAX) refusals.clear();
    refusals.set(id, kept);
  }
  writeJson(res, ERROR_STATUS[code], kept);
}

export const badRequest = (message: string): KeywardenError => new KeywardenError('BAD_REQUEST', message);

/** The request declares or streams a body. */
export function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return len !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** Refuses up front a body whose declared length is over the limit, before reading a byte. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > limit) throw tooLarge(limit);
}

export const tooLarge = (limit: number): KeywardenError =>
  new KeywardenError(
    'PAYLOAD_TOO_LARGE',
    `the body is larger than ${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${limit} bytes`}`,
  );

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', () => {
      if (!done) reject(badRequest('the request body could not be read'));
      done = true;
    });
  });
}

const JSON_MAX_DEPTH = 64;

/** Whether `text` opens more than `max` arrays or objects at once, outside strings: one linear scan, no recursion. */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function isJsonType(type: string | undefined): boolean {
  if (!type) return false;
  const [mime, ...params] = type.split(';').map((s) => s.trim().toLowerCase());
  if (mime !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** A JSON body; `optional` turns an absent body into `{}`. */
export async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  if (!hasBody(req)) {
    if (optional) return {};
    throw badRequest('a JSON body is required');
  }
  if (!isJsonType(req.headers['content-type'])) throw badRequest('send the body as application/json (UTF-8)');
  const bytes = await readBody(req, JSON_LIMIT);
  if (bytes.length === 0 && optional) return {};
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw badRequest('the body is not valid UTF-8');
  }
  // Before parsing: a body nested thousands deep parses, but then overflows the stack of
  // anything recursive that touches it (JSON.stringify of an imported record: a 500).
  if (nestedDeeperThan(text, JSON_MAX_DEPTH))
    throw badRequest(`the body is nested deeper than ${JSON_MAX_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the input; say where instead.
    throw badRequest('the body is not valid JSON');
  }
}

/**
 * Query strings are strings: turns the named parameters into numbers and booleans
 * for the zod schemas, refusing anything ambiguous or unknown.
 */
export function queryObject(search: URLSearchParams | null, types: Record<string, QueryType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!search) return out;
  for (const name of new Set(search.keys())) {
    const all = search.getAll(name);
    const type = types[name];
    if (type === 'strings') {
      out[name] = all;
      continue;
    }
    if (all.length > 1) throw badRequest(`${name}: is given more than once`);
    const text = all[0];
    if (type === undefined) {
      const known = Object.keys(types);
      const which = /^[A-Za-z]{1,40}$/.test(name) ? ` ${name}` : '';
      throw badRequest(
        `unknown query parameter${which}; ${known.length ? `this route takes ${known.join(', ')}` : 'this route takes none'}`,
      );
    }
    if (type === 'ids') {
      if (!/^\d{1,16}(,\d{1,16}){0,999}$/.test(text)) throw badRequest(`${name}: must be ids separated by commas`);
      out[name] = text.split(',').map(Number);
    } else if (type === 'int') {
      if (!/^-?\d{1,16}$/.test(text)) throw badRequest(`${name}: must be an integer`);
      out[name] = Number(text);
    } else if (type === 'bool') {
      if (text !== 'true' && text !== 'false') throw badRequest(`${name}: must be true or false`);
      out[name] = text === 'true';
    } else {
      out[name] = text;
    }
  }
  return out;
}
