// v1 links of a work item (`…/{issues|work-items}/:workItemId/links/`): list (envelope), add
// {url, title?} → 201 (the same url twice → 409 with the existing id), read, update, delete (204).
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createLink } from '../../../commands/linkCreator.ts';
import { deleteLinkCommand } from '../../../commands/linkDeleter.ts';
import { updateLinkCommand } from '../../../commands/linkUpdater.ts';
import { presentLink } from '../../../presenters/link.ts';
import { findLink, listLinks } from '../../../repositories/linksRepository.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { CreateLinkBody, UpdateLinkBody } from '../../routes/links/schema.ts';
import { scopeOf } from '../../routes/relations/workItemAccess.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { type WorkItemParams, workItemPaths } from '../paths.ts';
import { Audit, EnvelopeOf, ErrorBody, Errors, Id, NoContent, NullableString, ObjectOf } from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';
import { partId, v1WorkItemAccess } from './workItemScope.ts';

export const Link = ObjectOf('WorkItemLink', {
  ...Audit,
  title: NullableString,
  url: Type.String(),
  metadata: Type.Object({}, { additionalProperties: true }),
  issue: Id,
  project: Id,
  workspace: Id,
});

const ListQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type LinkParams = WorkItemParams & { linkId: string };
type CreateLink = Static<typeof CreateLinkBody>;
type UpdateLink = Static<typeof UpdateLinkBody>;

const TAGS = ['Work item links'];
const notFound = () => NotFoundError('Link not found.');

export async function v1WorkItemLinkRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  for (const path of workItemPaths('/links')) {
    app.get<{ Params: WorkItemParams; Querystring: Static<typeof ListQuery> }>(
      path,
      {
        schema: { tags: TAGS, summary: "List a work item's links", querystring: ListQuery, response: { 200: EnvelopeOf(Link), ...Errors } },
      },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const links = (await listLinks(db, { projectId: item.access.project.id, issueId: item.issue.id })).map(presentLink);
        const page = pageOf(request.query, links);
        return { ...page, results: await shapeAll(request, page.results, item.access.workspace.id) };
      },
    );

    app.post<{ Params: WorkItemParams; Body: CreateLink }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Add a link {url, title?}',
          body: CreateLinkBody,
          response: { 201: Link, 409: ErrorBody, ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'add links');
        const link = await createLink(db, { scope: scopeOf(item), ...request.body });
        return reply.status(201).send(presentLink(link));
      },
    );
  }

  for (const path of workItemPaths('/links/:linkId')) {
    app.get<{ Params: LinkParams; Querystring: Static<typeof OneQuery> }>(
      path,
      { schema: { tags: TAGS, summary: 'Get a link', querystring: OneQuery, response: { 200: Link, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const linkId = partId(request.params.linkId, 'Link');
        const link = await findLink(db, { projectId: item.access.project.id, issueId: item.issue.id, linkId });
        if (!link) throw notFound();
        return shapeOne(request, presentLink(link), item.access.workspace.id);
      },
    );

    app.patch<{ Params: LinkParams; Body: UpdateLink }>(
      path,
      { schema: { tags: TAGS, summary: 'Update a link', body: UpdateLinkBody, response: { 200: Link, 409: ErrorBody, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'edit links');
        const linkId = partId(request.params.linkId, 'Link');
        return presentLink(await updateLinkCommand(db, { scope: scopeOf(item), linkId, ...request.body }));
      },
    );

    app.delete<{ Params: LinkParams }>(
      path,
      { schema: { tags: TAGS, summary: 'Delete a link', response: { 204: NoContent, ...Errors } } },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'delete links');
        await deleteLinkCommand(db, { scope: scopeOf(item), linkId: partId(request.params.linkId, 'Link') });
        return reply.status(204).send();
      },
    );
  }
}
