// Applies `?expand=a,b` (ids → objects) and `?fields=a,b` (keep only those keys) to v1 answers.
import type { FastifyRequest } from 'fastify';
import { isUuid } from '../access/membership.ts';
import { Type } from 'typebox';
import { EXPANDERS } from './expanders.ts';

/** Query keys every v1 read accepts; spread into a route's querystring schema. */
export const ShapeQuery = {
  fields: Type.Optional(Type.String({ description: 'Comma-separated top-level keys to keep.' })),
  expand: Type.Optional(Type.String({ description: 'Comma-separated related objects to nest, e.g. state,assignees,labels.' })),
};

type Json = Record<string, unknown>;

function csv(value: unknown): string[] {
  return typeof value === 'string' && value !== ''
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : [];
}

function idsUnder(objects: Json[], key: string): string[] {
  const ids = new Set<string>();
  for (const object of objects) {
    const value = object[key];
    if (Array.isArray(value)) for (const id of value) if (isUuid(id)) ids.add(id);
    if (isUuid(value)) ids.add(value);
  }
  return [...ids];
}

async function expand(request: FastifyRequest, objects: Json[], keys: string[], workspaceId: string): Promise<void> {
  for (const key of keys) {
    const loader = EXPANDERS[key];
    if (!loader) continue;
    const ids = idsUnder(objects, key);
    if (ids.length === 0) continue;
    const found = await loader(request.server.ctx.db, workspaceId, ids);
    for (const object of objects) {
      const value = object[key];
      if (Array.isArray(value)) object[key] = value.map((id) => found.get(id as string) ?? id);
      else if (typeof value === 'string') object[key] = found.get(value) ?? value;
    }
  }
}

function pick(object: Json, fields: string[]): Json {
  const out: Json = {};
  for (const field of fields) if (field in object) out[field] = object[field];
  return out;
}

function query(request: FastifyRequest): Json {
  return (request.query ?? {}) as Json;
}

/** Shapes a list in place of its objects; `workspaceId` scopes what may be expanded. */
export async function shapeAll<T extends object>(request: FastifyRequest, objects: T[], workspaceId: string): Promise<Json[]> {
  const q = query(request);
  const list = objects as unknown as Json[];
  const expandKeys = csv(q.expand);
  if (expandKeys.length > 0) await expand(request, list, expandKeys, workspaceId);
  const fields = csv(q.fields);
  return fields.length > 0 ? list.map((object) => pick(object, fields)) : list;
}

export async function shapeOne<T extends object>(request: FastifyRequest, object: T, workspaceId: string): Promise<Json> {
  const [shaped] = await shapeAll(request, [object], workspaceId);
  return shaped ?? {};
}
