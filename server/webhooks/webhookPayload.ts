// What a webhook delivery POSTs: `{event, action, webhook_id, workspace_id, data, activity}`, with
// `data` the object as Plane's v1 API shows it (through the same presenters), read when the attempt
// runs; a deleted (or since vanished) object is `{id}`.
import type { Pool } from '../db/pool.ts';
import { presentComment } from '../presenters/comment.ts';
import { presentCycle } from '../presenters/cycle.ts';
import { presentModule } from '../presenters/module.ts';
import { presentProject } from '../presenters/project.ts';
import { presentUserLite, type UserLite } from '../presenters/user.ts';
import { presentWorkItem } from '../presenters/workItem.ts';
import { findCommentDetails } from '../repositories/commentsRepository.ts';
import { cycleProjectContext, findCycle } from '../repositories/cyclesRepository.ts';
import { findModule } from '../repositories/modulesRepository.ts';
import { findProjectView } from '../repositories/projectsRepository.ts';
import { findProfile } from '../repositories/usersRepository.ts';
import type { Json } from '../repositories/webhookEventsRepository.ts';
import { commentIssueId } from '../repositories/webhookObjectsRepository.ts';
import type { WebhookAction, WebhookEvent } from '../repositories/webhooksRepository.ts';
import { findWorkItem } from '../repositories/workItemsRepository.ts';

/** One captured change, as the dispatcher hands it to a delivery job (plain JSON). */
export interface WebhookChange {
  workspaceId: string;
  event: WebhookEvent;
  action: WebhookAction;
  objectId: string;
  projectId: string | null;
  actor: string | null;
  /** Column that changed (updates only). */
  field: string | null;
  oldValue: Json;
  newValue: Json;
}

export interface WebhookBody {
  event: WebhookEvent;
  action: WebhookAction;
  webhook_id: string;
  workspace_id: string;
  data: object;
  activity: { field: string | null; new_value: Json; old_value: Json; actor: UserLite | null };
}

/** Columns whose API name drops the `_id` (the presenters show `state`, `parent`). */
const FIELD_NAMES: Record<string, string> = { state_id: 'state', parent_id: 'parent' };

const NOBODY = '00000000-0000-0000-0000-000000000000';

async function loadData(db: Pool, change: WebhookChange): Promise<object | null> {
  const { objectId: id, projectId, workspaceId } = change;
  if (change.event === 'project') {
    // Membership fields are the actor's view of the project (Plane's serializer reads them per viewer).
    const project = await findProjectView(db, workspaceId, id, change.actor ?? NOBODY);
    return project && presentProject(project);
  }
  if (!projectId) return null;
  switch (change.event) {
    case 'issue': {
      const item = await findWorkItem(db, { projectId, issueId: id });
      return item && presentWorkItem(item);
    }
    case 'issue_comment': {
      const issueId = await commentIssueId(db, { projectId, commentId: id });
      const comment = issueId ? await findCommentDetails(db, { projectId, issueId, commentId: id }) : null;
      return comment && presentComment(comment);
    }
    case 'cycle': {
      const context = await cycleProjectContext(db, projectId);
      const cycle = context ? await findCycle(db, projectId, id, context.today) : null;
      return cycle && presentCycle(cycle);
    }
    case 'module': {
      const found = await findModule(db, projectId, id);
      return found && presentModule(found);
    }
  }
}

export async function buildWebhookBody(db: Pool, webhookId: string, change: WebhookChange): Promise<WebhookBody> {
  const data = change.action === 'delete' ? null : await loadData(db, change);
  const actor = change.actor ? await findProfile(db, change.actor) : null;
  return {
    event: change.event,
    action: change.action,
    webhook_id: webhookId,
    workspace_id: change.workspaceId,
    data: data ?? { id: change.objectId },
    activity: {
      field: change.field ? (FIELD_NAMES[change.field] ?? change.field) : null,
      new_value: change.newValue,
      old_value: change.oldValue,
      actor: actor && presentUserLite(actor),
    },
  };
}
