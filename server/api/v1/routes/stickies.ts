// v1 stickies: the caller's private notes. List (envelope, newest on top, `?query=` finds text in the
// name or description), create (201), read, update, delete (204). Another member's sticky answers
// exactly like a missing one; guests have no stickies (403), as in Plane.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createSticky } from '../../../commands/stickyCreator.ts';
import { updateStickySettings } from '../../../commands/stickyUpdater.ts';
import { presentSticky } from '../../../presenters/sticky.ts';
import { findSticky, listStickies, softDeleteSticky } from '../../../repositories/stickiesRepository.ts';
import { isUuid } from '../../access/membership.ts';
import { stickyNotFound, stickyOwner } from '../../access/stickyOwner.ts';
import { refuseNulls } from '../../routes/projects/schema.ts';
import { StickyBody } from '../../routes/stickies/schema.ts';
import { envelope, PageQuery, parsePage } from '../pagination.ts';
import { type SlugParams, WORKSPACE } from '../paths.ts';
import { Audit, EnvelopeOf, Errors, NoContent, NullableString, ObjectOf, Ref } from '../schemas.ts';
import { ShapeQuery, shapeAll, shapeOne } from '../shape.ts';

const FreeObject = Type.Object({}, { additionalProperties: true });

const Sticky = ObjectOf('Sticky', {
  ...Audit,
  name: NullableString,
  description: FreeObject,
  description_html: Type.String(),
  description_stripped: NullableString,
  description_binary: NullableString,
  logo_props: FreeObject,
  color: NullableString,
  background_color: NullableString,
  workspace: Ref,
  owner: Ref,
  sort_order: Type.Number(),
});

const ListQuery = Type.Object({
  ...PageQuery,
  ...ShapeQuery,
  query: Type.Optional(Type.String({ maxLength: 255, description: 'Text to find in the name or the description.' })),
});
const OneQuery = Type.Object(ShapeQuery);
type StickyParams = SlugParams & { stickyId: string };

const STICKIES = `${WORKSPACE}/stickies`;
const STICKY = `${STICKIES}/:stickyId`;
const TAGS = ['Stickies'];

export async function v1StickyRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<{ Params: SlugParams; Querystring: Static<typeof ListQuery> }>(
    STICKIES,
    {
      schema: {
        tags: TAGS,
        summary: "List the caller's stickies",
        querystring: ListQuery,
        response: { 200: EnvelopeOf(Sticky), ...Errors },
      },
    },
    async (request) => {
      const owner = await stickyOwner(request, request.params.slug);
      const page = parsePage(request.query);
      const { rows, total } = await listStickies(db, owner, { query: request.query.query, limit: page.perPage, offset: page.offset });
      return envelope(page, total, await shapeAll(request, rows.map(presentSticky), owner.workspaceId));
    },
  );

  app.post<{ Params: SlugParams; Body: StickyBody }>(
    STICKIES,
    {
      schema: { tags: TAGS, summary: 'Create a sticky', body: StickyBody, response: { 201: Sticky, ...Errors } },
      preValidation: refuseNulls(StickyBody),
    },
    async (request, reply) => {
      const owner = await stickyOwner(request, request.params.slug);
      return reply.status(201).send(presentSticky(await createSticky(db, { owner, data: request.body })));
    },
  );

  app.get<{ Params: StickyParams; Querystring: Static<typeof OneQuery> }>(
    STICKY,
    { schema: { tags: TAGS, summary: 'Get a sticky', querystring: OneQuery, response: { 200: Sticky, ...Errors } } },
    async (request) => {
      const owner = await stickyOwner(request, request.params.slug);
      const sticky = isUuid(request.params.stickyId) ? await findSticky(db, owner, request.params.stickyId) : null;
      if (!sticky) throw stickyNotFound();
      return shapeOne(request, presentSticky(sticky), owner.workspaceId);
    },
  );

  app.patch<{ Params: StickyParams; Body: StickyBody }>(
    STICKY,
    {
      schema: { tags: TAGS, summary: 'Update a sticky', body: StickyBody, response: { 200: Sticky, ...Errors } },
      preValidation: refuseNulls(StickyBody),
    },
    async (request) => {
      const owner = await stickyOwner(request, request.params.slug);
      if (!isUuid(request.params.stickyId)) throw stickyNotFound();
      return presentSticky(await updateStickySettings(db, { owner, stickyId: request.params.stickyId, data: request.body }));
    },
  );

  app.delete<{ Params: StickyParams }>(
    STICKY,
    { schema: { tags: TAGS, summary: 'Delete a sticky', response: { 204: NoContent, ...Errors } } },
    async (request, reply) => {
      const owner = await stickyOwner(request, request.params.slug);
      if (!isUuid(request.params.stickyId) || !(await softDeleteSticky(db, owner, request.params.stickyId))) throw stickyNotFound();
      return reply.status(204).send();
    },
  );
}
