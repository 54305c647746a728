// /api/workspaces/:slug/stickies…: the caller's own stickies. A sticky is private: every query is
// scoped by its owner, so another member's sticky answers exactly like a missing one (and guests get
// 403: see access/stickyOwner.ts).
import type { FastifyInstance } from 'fastify';
import { createSticky } from '../../../commands/stickyCreator.ts';
import { updateStickySettings } from '../../../commands/stickyUpdater.ts';
import { presentSticky } from '../../../presenters/sticky.ts';
import { findSticky, listStickies, softDeleteSticky } from '../../../repositories/stickiesRepository.ts';
import { isUuid } from '../../access/membership.ts';
import { stickyNotFound, stickyOwner } from '../../access/stickyOwner.ts';
import { refuseNulls } from '../projects/schema.ts';
import { StickyBody, StickyListQuery } from './schema.ts';

type SlugParams = { Params: { slug: string } };
type StickyParams = { Params: { slug: string; stickyId: string } };

const STICKIES = '/api/workspaces/:slug/stickies';
const STICKY = `${STICKIES}/:stickyId`;
/** Enough for anyone's notes; the list is not paged in the app. */
const LIST_LIMIT = 1000;

export async function stickyRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  app.get<SlugParams & { Querystring: StickyListQuery }>(STICKIES, { schema: { querystring: StickyListQuery } }, async (request) => {
    const owner = await stickyOwner(request, request.params.slug);
    const { rows } = await listStickies(db, owner, { query: request.query.query, limit: LIST_LIMIT, offset: 0 });
    return rows.map(presentSticky);
  });

  app.post<SlugParams & { Body: StickyBody }>(
    STICKIES,
    { schema: { body: StickyBody }, preValidation: refuseNulls(StickyBody) },
    async (request, reply) => {
      const owner = await stickyOwner(request, request.params.slug);
      return reply.status(201).send(presentSticky(await createSticky(db, { owner, data: request.body })));
    },
  );

  app.get<StickyParams>(STICKY, async (request) => {
    const owner = await stickyOwner(request, request.params.slug);
    const sticky = isUuid(request.params.stickyId) ? await findSticky(db, owner, request.params.stickyId) : null;
    if (!sticky) throw stickyNotFound();
    return presentSticky(sticky);
  });

  app.patch<StickyParams & { Body: StickyBody }>(
    STICKY,
    { schema: { body: StickyBody }, preValidation: refuseNulls(StickyBody) },
    async (request) => {
      const owner = await stickyOwner(request, request.params.slug);
      if (!isUuid(request.params.stickyId)) throw stickyNotFound();
      return presentSticky(await updateStickySettings(db, { owner, stickyId: request.params.stickyId, data: request.body }));
    },
  );

  app.delete<StickyParams>(STICKY, async (request, reply) => {
    const owner = await stickyOwner(request, request.params.slug);
    if (!isUuid(request.params.stickyId) || !(await softDeleteSticky(db, owner, request.params.stickyId))) throw stickyNotFound();
    return reply.status(204).send();
  });
}
