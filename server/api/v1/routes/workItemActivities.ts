// v1 activity of a work item (`…/{issues|work-items}/:workItemId/activities/`): the history rows,
// paginated oldest first, and one row by id.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { presentActivity } from '../../../presenters/activity.ts';
import { findActivity, listActivities } from '../../../repositories/activityRepository.ts';
import { NotFoundError } from '../../errors.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { type WorkItemParams, workItemPaths } from '../paths.ts';
import { EnvelopeOf, Errors, Id, NullableString, ObjectOf, Ref, Timestamp } from '../schemas.ts';
import { shapeAll, shapeOne, ShapeQuery } from '../shape.ts';
import { partId, v1WorkItemAccess } from './workItemScope.ts';

/** Plane's activity row: no created_by / updated_by. */
export const Activity = ObjectOf('WorkItemActivity', {
  id: Id,
  created_at: Timestamp,
  updated_at: Timestamp,
  verb: Type.String(),
  field: NullableString,
  old_value: NullableString,
  new_value: NullableString,
  comment: Type.String(),
  attachments: Type.Array(Type.String()),
  old_identifier: NullableString,
  new_identifier: NullableString,
  epoch: Type.Number(),
  issue: Ref,
  issue_comment: Ref,
  actor: Ref,
  project: Ref,
  workspace: Ref,
});

const ListQuery = Type.Object({ ...PageQuery, ...ShapeQuery });
const OneQuery = Type.Object(ShapeQuery);
type ActivityParams = WorkItemParams & { activityId: string };

const TAGS = ['Work item activity'];

export async function v1WorkItemActivityRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  for (const path of workItemPaths('/activities')) {
    app.get<{ Params: WorkItemParams; Querystring: Static<typeof ListQuery> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: "A work item's activity, oldest first",
          querystring: ListQuery,
          response: { 200: EnvelopeOf(Activity), ...Errors },
        },
      },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const rows = await listActivities(db, { projectId: item.access.project.id, issueId: item.issue.id });
        const page = pageOf(request.query, rows.map(presentActivity));
        return { ...page, results: await shapeAll(request, page.results, item.access.workspace.id) };
      },
    );
  }

  for (const path of workItemPaths('/activities/:activityId')) {
    app.get<{ Params: ActivityParams; Querystring: Static<typeof OneQuery> }>(
      path,
      { schema: { tags: TAGS, summary: 'Get one activity row', querystring: OneQuery, response: { 200: Activity, ...Errors } } },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const activityId = partId(request.params.activityId, 'Activity');
        const row = await findActivity(db, { projectId: item.access.project.id, issueId: item.issue.id, activityId });
        if (!row) throw NotFoundError('Activity not found.');
        return shapeOne(request, presentActivity(row), item.access.workspace.id);
      },
    );
  }
}
