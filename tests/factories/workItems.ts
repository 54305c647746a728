// Work items through the real command (so the KEY-n number, sort order and "created" activity are
// real); the project (and its workspace and creator) is built when missing.
import { createWorkItem } from '../../server/commands/workItemCreator.ts';
import type { Pool } from '../../server/db/pool.ts';
import type { Priority, WorkItemRow } from '../../server/repositories/workItemsRepository.ts';
import type { UserRow } from './accounts.ts';
import { buildProject, type ProjectFixture } from './projects.ts';

export type WorkItemFixture = WorkItemRow & { project: ProjectFixture; creator: UserRow };

let counter = 0;

export async function buildWorkItem(
  db: Pool,
  overrides: {
    project?: ProjectFixture;
    creator?: UserRow;
    name?: string;
    state_id?: string | null;
    priority?: Priority;
    assignees?: string[];
    labels?: string[];
    parent_id?: string | null;
    start_date?: string | null;
    target_date?: string | null;
    is_draft?: boolean;
    description_html?: string;
  } = {},
): Promise<WorkItemFixture> {
  const project = overrides.project ?? (await buildProject(db, overrides.creator ? { creator: overrides.creator } : {}));
  const creator = overrides.creator ?? project.creator;
  const row = await createWorkItem(
    db,
    { userId: creator.id, projectId: project.id, workspaceId: project.workspace_id },
    {
      name: overrides.name ?? `Work item ${++counter}`,
      ...(overrides.state_id !== undefined ? { state_id: overrides.state_id } : {}),
      ...(overrides.priority !== undefined ? { priority: overrides.priority } : {}),
      ...(overrides.assignees !== undefined ? { assignee_ids: overrides.assignees } : {}),
      ...(overrides.labels !== undefined ? { label_ids: overrides.labels } : {}),
      ...(overrides.parent_id !== undefined ? { parent_id: overrides.parent_id } : {}),
      ...(overrides.start_date !== undefined ? { start_date: overrides.start_date } : {}),
      ...(overrides.target_date !== undefined ? { target_date: overrides.target_date } : {}),
      ...(overrides.is_draft !== undefined ? { is_draft: overrides.is_draft } : {}),
      ...(overrides.description_html !== undefined ? { description_html: overrides.description_html } : {}),
    },
  );
  return { ...row, project, creator };
}
