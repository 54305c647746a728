// Creates a project the way Plane does, in one transaction: the project, its creator as project
// admin (and the lead too, when another person), Plane's six default states with Backlog as the
// default, and the counter behind its KEY-123 work-item ids.
import { inTransaction, type Pool } from '../db/pool.ts';
import { upsertProjectMember } from '../repositories/projectMembersRepository.ts';
import { insertProject, type JsonObject, type ProjectRow, setDefaultState, workspaceRoles } from '../repositories/projectsRepository.ts';
import { insertState, type StateGroup, stateSlug } from '../repositories/statesRepository.ts';
import { checkProjectFields, checkProjectUnique, uniqueViolation } from './projectRules.ts';

export type { ProjectRow } from '../repositories/projectsRepository.ts';

export interface ProjectInput {
  name: string;
  identifier: string;
  description?: string;
  description_text?: string | null;
  description_html?: string;
  network?: number;
  emoji?: string | null;
  icon_prop?: JsonObject | null;
  logo_props?: JsonObject;
  cover_image?: string | null;
  module_view?: boolean;
  cycle_view?: boolean;
  issue_views_view?: boolean;
  page_view?: boolean;
  intake_view?: boolean;
  is_time_tracking_enabled?: boolean;
  is_issue_type_enabled?: boolean;
  guest_view_all_features?: boolean;
  archive_in?: number;
  close_in?: number;
  timezone?: string;
  project_lead?: string | null;
  default_assignee?: string | null;
  external_source?: string | null;
  external_id?: string | null;
}

interface DefaultState {
  name: string;
  color: string;
  sequence: number;
  group: StateGroup;
  default?: boolean;
}

// Plane's DEFAULT_STATES (plane/app/views/project/base.py); Triage is hidden from normal lists.
export const DEFAULT_STATES: readonly DefaultState[] = [
  { name: 'Backlog', color: '#60646C', sequence: 15000, group: 'backlog', default: true },
  { name: 'Todo', color: '#3A3A3A', sequence: 25000, group: 'unstarted' },
  { name: 'In Progress', color: '#F59E0B', sequence: 35000, group: 'started' },
  { name: 'Done', color: '#46A758', sequence: 45000, group: 'completed' },
  { name: 'Cancelled', color: '#9AA4BC', sequence: 55000, group: 'cancelled' },
  { name: 'Triage', color: '#4E5355', sequence: 65000, group: 'triage' },
];

const UNIQUE_CONSTRAINTS = ['projects_identifier_key', 'projects_name_key'];

export async function createProject(db: Pool, input: { workspaceId: string; actorId: string; data: ProjectInput }): Promise<ProjectRow> {
  const { workspaceId, actorId } = input;
  try {
    return await inTransaction(db, async (tx) => {
      const fields = await checkProjectFields(tx, workspaceId, { ...input.data });
      await checkProjectUnique(tx, workspaceId, { identifier: fields.identifier as string, name: fields.name as string });
      const project = await insertProject(tx, workspaceId, actorId, fields);
      await upsertProjectMember(tx, { workspaceId, projectId: project.id, memberId: actorId, role: 20, actorId });
      const lead = project.project_lead;
      if (lead && lead !== actorId) {
        // The lead joins as admin, capped by their workspace role (a workspace guest stays a guest).
        const leadRole = (await workspaceRoles(tx, workspaceId, [lead])).get(lead) ?? 5;
        await upsertProjectMember(tx, { workspaceId, projectId: project.id, memberId: lead, role: leadRole, actorId });
      }
      let defaultStateId: string | null = null;
      for (const state of DEFAULT_STATES) {
        const row = await insertState(tx, project, actorId, {
          name: state.name,
          color: state.color,
          sequence: state.sequence,
          group: state.group,
          slug: stateSlug(state.name),
          is_triage: state.group === 'triage',
          default: state.default === true,
        });
        if (state.default) defaultStateId = row.id;
      }
      if (defaultStateId) await setDefaultState(tx, project.id, defaultStateId);
      await tx.query('INSERT INTO project_issue_sequences (project_id, last_sequence) VALUES ($1, 0)', [project.id]);
      return { ...project, default_state: defaultStateId };
    });
  } catch (error) {
    // A concurrent create took the identifier or name between our check and our insert.
    if (uniqueViolation(error, UNIQUE_CONSTRAINTS)) {
      await checkProjectUnique(db, workspaceId, { identifier: input.data.identifier.trim().toUpperCase(), name: input.data.name.trim() });
    }
    throw error;
  }
}
