// Maps every thrown error to one response shape and hides 5xx details from clients.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export interface ErrorBody {
  error: string;
  message: string;
  id: string;
  [key: string]: unknown;
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
  const known = error instanceof HttpError ? error : fromFastifyError(error);
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

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ error: 'The requested resource does not exist.', message: 'Not found', id: 'not_found' } satisfies ErrorBody);
}
