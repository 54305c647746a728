// Error factories with stable ids; the one error handler (errorHandler.ts) turns them into responses.

export class HttpError extends Error {
  readonly statusCode: number;
  /** Stable, machine-readable id, e.g. "not_found". */
  readonly id: string;
  /** Extra fields merged into the response body (e.g. the id of an existing duplicate). */
  readonly extra: Record<string, unknown>;

  constructor(statusCode: number, id: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.id = id;
    this.extra = extra;
  }
}

export const ValidationError = (message: string, extra: Record<string, unknown> = {}): HttpError =>
  new HttpError(400, 'validation_error', message, extra);
export const AuthenticationError = (message = 'Authentication credentials were not provided.'): HttpError =>
  new HttpError(401, 'authentication_required', message);
export const ForbiddenError = (message = 'You do not have permission to perform this action.'): HttpError =>
  new HttpError(403, 'forbidden', message);
export const NotFoundError = (message = 'The requested resource does not exist.'): HttpError => new HttpError(404, 'not_found', message);
export const ConflictError = (message: string, extra: Record<string, unknown> = {}): HttpError =>
  new HttpError(409, 'conflict', message, extra);
export const GoneError = (message: string): HttpError => new HttpError(410, 'gone', message);
export const PayloadTooLargeError = (message = 'The request body is too large.'): HttpError =>
  new HttpError(413, 'payload_too_large', message);
export const RateLimitError = (message = 'Too many requests. Try again later.'): HttpError => new HttpError(429, 'rate_limited', message);
export const UnavailableError = (message: string): HttpError => new HttpError(503, 'unavailable', message);
