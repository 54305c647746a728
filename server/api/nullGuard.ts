// ajv's type coercion (on for every route, so query strings become numbers and booleans) also turns
// `null` into "", 0 or false — a PATCH with `description_html: null` would wipe a description. Every
// route with a body schema gets this guard: `null` where the schema does not allow it → 400, at any depth.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ValidationError } from './errors.ts';

type Schema = { type?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; properties?: Record<string, Schema>; items?: Schema };

function allowsNull(schema: Schema | undefined): boolean {
  if (!schema) return true;
  const { type } = schema;
  if (type === undefined && !schema.anyOf && !schema.oneOf) return true; // unconstrained
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((option) => allowsNull(option as Schema));
}

/** The path of the first `null` the schema does not allow, or null when there is none. */
export function forbiddenNull(value: unknown, schema: Schema | undefined, path: string[] = []): string[] | null {
  if (!schema) return null;
  if (value === null) return allowsNull(schema) ? null : path;
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenNull(value[i], schema.items, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && schema.properties) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (!property) continue;
      const found = forbiddenNull(child, property, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function guardFor(schema: Schema) {
  return async (request: FastifyRequest): Promise<void> => {
    const path = forbiddenNull(request.body, schema);
    if (!path || path.length === 0) return;
    const field = path[0] ?? 'non_field_errors';
    throw ValidationError(`${path.join('.')} may not be null.`, { [field]: ['This field may not be null.'] });
  };
}

/** Adds the guard to every route registered after this call in `app`'s context. */
export function guardNullsOnRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const body = (route.schema as { body?: Schema } | undefined)?.body;
    if (!body?.properties) return;
    const existing = route.preValidation;
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    route.preValidation = [guardFor(body), ...list];
  });
}
