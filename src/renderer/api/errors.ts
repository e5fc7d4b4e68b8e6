// Every failed operation reaches the UI as one ApiError carrying an error code (docs/rules.md), so views
// can say what happened and why instead of showing a stack trace.
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** A sentence for a banner or toast; unknown throwables never leak their internals. */
export function describeError(e: unknown): string {
  if (isApiError(e)) return `${e.message} (${e.code})`;
  return 'Something went wrong. Please try again.';
}
