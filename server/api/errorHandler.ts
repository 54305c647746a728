// Maps every thrown error to one response shape and hides 5xx details from clients.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export interface ErrorBody {
  error: string;
  message: string;
  id: string;
  [key: string]: unknown;
}

/**
 * Postgres refusing a value is the client's bad input, not a server fault: a NUL byte in text
 * (22021), an out-of-range number (22003), an impossible date (22008) or a malformed value (22P02).
 * Routes validate first; this is the net under them, so such input never becomes a 5xx.
 */
const PG_BAD_INPUT: Record<string, string> = {
  '22021': 'Text may not contain NUL bytes or invalid characters.',
  '22P05': 'Text may not contain NUL bytes or invalid characters.',
  '22003': 'A number is out of range.',
  '22008': 'A date or time is out of range.',
  '22007': 'A date or time is not valid.',
  '22P02': 'A value has the wrong format.',
  '22001': 'A value is too long.',
};

function fromPostgresError(error: unknown): HttpError | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code in PG_BAD_INPUT)) return null;
  return new HttpError(400, 'invalid_value', PG_BAD_INPUT[code] ?? 'Invalid value.');
}

function fromFastifyError(error: FastifyError): HttpError | null {
  if (error.validation) return new HttpError(400, 'validation_error', error.message);
  const status = error.statusCode;
  if (status === 413) return new HttpError(413, 'payload_too_large', 'The request body is too large.');
  if (status === 415) return new HttpError(415, 'unsupported_media_type', error.message);
  if (status !== undefined && status >= 400 && status < 500)
    return new HttpError(status, error.code?.toLowerCase() ?? 'bad_request', error.message);
  return null;
}

export function errorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): void {
  const known = error instanceof HttpError ? error : (fromPostgresError(error) ?? fromFastifyError(error));
  if (known && known.statusCode < 500) {
    const body: ErrorBody = { error: known.message, message: known.message, id: known.id, ...known.extra };
    void reply.status(known.statusCode).send(body);
    return;
  }
  request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
  const status = known?.statusCode ?? 500;
  const message = status === 503 && known ? known.message : 'Something went wrong on the server.';
  void reply.status(status).send({ error: message, message, id: known?.id ?? 'internal_error' } satisfies ErrorBody);
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ error: 'The requested resource does not exist.', message: 'Not found', id: 'not_found' } satisfies ErrorBody);
}
