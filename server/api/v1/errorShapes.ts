// /api/v1 answers errors in Plane's shapes (plane-api-v1.md "Errors"): validation `{field: [msg]}`,
// auth/permission `{detail}`, not found / conflicts `{error}` (409 adds the existing `id`), throttling
// `{error_code, error_message}`; every body also carries `message`, which Plane's SDK reads.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorHandler } from '../errorHandler.ts';
import { HttpError } from '../errors.ts';

const NOT_FOUND = 'The requested resource does not exist.';

interface AjvIssue {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** The field an ajv error is about: "/name" → "name"; a missing property names itself. */
function fieldOf(issue: AjvIssue): string {
  const missing = issue.params?.missingProperty;
  if (typeof missing === 'string') return missing;
  const path = issue.instancePath?.replace(/^\//, '').split('/')[0];
  return path && path !== '' ? path : 'non_field_errors';
}

function validationBody(error: FastifyError): Record<string, unknown> {
  const issues = (error.validation ?? []) as AjvIssue[];
  const body: Record<string, unknown> = {};
  for (const issue of issues) {
    const field = fieldOf(issue);
    const list = (body[field] as string[] | undefined) ?? [];
    list.push(issue.message ?? 'Invalid value.');
    body[field] = list;
  }
  return { ...body, error: error.message, message: error.message };
}

export function planeBody(error: HttpError): Record<string, unknown> {
  const message = error.message;
  switch (error.statusCode) {
    case 401:
    case 403:
      return { detail: message, error: message, message, ...error.extra };
    case 404:
      return { error: NOT_FOUND, detail: message, message, ...error.extra };
    case 429:
      return { ...error.extra, message: 'Rate limit exceeded. Try again after the reset time.' };
    default:
      return { error: message, message, ...error.extra };
  }
}

export function v1ErrorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): void {
  if (!(error instanceof HttpError) && error.validation) {
    void reply.status(400).send(validationBody(error));
    return;
  }
  if (error instanceof HttpError && error.statusCode < 500) {
    void reply.status(error.statusCode).send(planeBody(error));
    return;
  }
  // Everything else (framework 4xx, Postgres bad-input codes, 5xx) goes through the app's handler,
  // whose bodies already carry `error` and `message`; its internal `id` is dropped so that `id`
  // only ever means an object's id here.
  const send = reply.send.bind(reply);
  reply.send = (payload?: unknown) => {
    if (payload && typeof payload === 'object' && 'id' in payload) {
      const { id: _id, ...rest } = payload as Record<string, unknown>;
      return send({ ...rest, detail: rest.error });
    }
    return send(payload);
  };
  errorHandler(error, request, reply);
}

export function v1NotFoundHandler(_request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({ error: NOT_FOUND, detail: 'Not found.', message: NOT_FOUND });
}
