// Error codes of docs/rules.md, with their HTTP statuses. Every layer (engine, HTTP server,
// IPC, remote client) speaks these codes so the UI can say what happened and why.
export const ERROR_STATUS = {
  MISSING_KEY: 401,
  MALFORMED_KEY: 401,
  WRONG_ENVIRONMENT: 401,
  UNKNOWN_KEY: 401,
  REVOKED: 401,
  DISABLED: 401,
  EXPIRED: 401,
  INACTIVE_USER: 401,
  SCOPE_DENIED: 403,
  READ_ONLY: 403,
  IMPERSONATION_DENIED: 403,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  /** The result would break the org's key policy (docs/policies-and-labels.md); the message names the setting. */
  POLICY_VIOLATION: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
  // Client-side failures of the remote backend and the desktop services.
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  NETWORK: 502,
  TLS: 502,
  BAD_RESPONSE: 502,
  KEYCHAIN_UNAVAILABLE: 503,
  CANCELLED: 499,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

// V8 (Node and Chromium) honours Error.stackTraceLimit; the renderer's TypeScript lib (DOM,
// no Node types) does not declare it, and elsewhere setting it is harmless.
const V8Error = Error as ErrorConstructor & { stackTraceLimit: number };

export class KeywardenError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Set once the refusal is in the audit log, so no layer logs it twice (rule 12). */
  audited: boolean;
  constructor(code: ErrorCode, message: string) {
    // An expected refusal, answered by its code: no stack is captured. Building one cost
    // more than the rest of a refused request (bench (b), 401 workload).
    const limit = V8Error.stackTraceLimit;
    V8Error.stackTraceLimit = 0;
    super(message);
    V8Error.stackTraceLimit = limit;
    this.audited = false;
    this.name = 'KeywardenError';
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isKeywardenError(e: unknown): e is KeywardenError {
  return e instanceof KeywardenError;
}
