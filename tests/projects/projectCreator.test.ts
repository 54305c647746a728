// createProject: defaults, the creator as admin, default states, sequence row, uniqueness rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpError } from '../../server/api/errors.ts';
import { createProject } from '../../server/commands/projectCreator.ts';
import { buildUser, buildWorkspace } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, buildState } from '../factories/projects.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

const rejectsWith = async (promise: Promise<unknown>, status: number, pattern: RegExp): Promise<HttpError> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, `expected an HttpError, got ${String(error)}`);
    assert.equal(error.statusCode, status);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected a rejection');
};

describe('createProject', () => {
  it('creates the project, its admin, six default states with Backlog as default, and a sequence row', async () => {
    const ws = await buildWorkspace(h.db);
    const project = await createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: ' Alpha ', identifier: 'alp1' } });
    assert.equal(project.identifier, 'ALP1');
    assert.equal(project.name, 'Alpha');
    assert.equal(project.network, 2);
    assert.equal(project.created_by, ws.owner.id);
    const members = await h.db.query('SELECT member_id, role FROM project_members WHERE project_id = $1', [project.id]);
    assert.deepEqual(members.rows, [{ member_id: ws.owner.id, role: 20 }]);
    const states = await h.db.query<{ id: string; name: string; color: string; group: string; is_triage: boolean; default: boolean }>(
      'SELECT id, name, color, "group", is_triage, "default" FROM states WHERE project_id = $1 ORDER BY sequence',
      [project.id],
    );
    assert.deepEqual(
      states.rows.map((s) => [s.name, s.color, s.group, s.is_triage, s.default]),
      [
        ['Backlog', '#60646C', 'backlog', false, true],
        ['Todo', '#3A3A3A', 'unstarted', false, false],
        ['In Progress', '#F59E0B', 'started', false, false],
        ['Done', '#46A758', 'completed', false, false],
        ['Cancelled', '#9AA4BC', 'cancelled', false, false],
        ['Triage', '#4E5355', 'triage', true, false],
      ],
    );
    const stored = await h.db.query<{ default_state: string }>('SELECT default_state FROM projects WHERE id = $1', [project.id]);
    assert.equal(stored.rows[0]?.default_state, states.rows[0]?.id);
    assert.equal(project.default_state, states.rows[0]?.id);
    const seq = await h.db.query('SELECT last_sequence FROM project_issue_sequences WHERE project_id = $1', [project.id]);
    assert.deepEqual(seq.rows, [{ last_sequence: 0 }]);
  });

  it('answers 409 with the existing id for a taken identifier or name, and writes nothing', async () => {
    const ws = await buildWorkspace(h.db);
    const first = await createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: 'Same', identifier: 'SAME' } });
    const e1 = await rejectsWith(
      createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: 'Other', identifier: 'same' } }),
      409,
      /identifier/,
    );
    assert.equal(e1.extra.id, first.id);
    const e2 = await rejectsWith(
      createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: 'SAME', identifier: 'OTHER' } }),
      409,
      /name/,
    );
    assert.equal(e2.extra.id, first.id);
    const count = await h.db.query('SELECT count(*)::int AS n FROM projects WHERE workspace_id = $1', [ws.id]);
    assert.equal(count.rows[0].n, 1);
    // Another workspace may use the same identifier and name.
    const other = await buildWorkspace(h.db);
    await createProject(h.db, { workspaceId: other.id, actorId: other.owner.id, data: { name: 'Same', identifier: 'SAME' } });
  });

  it('lets exactly one of several concurrent creates with one identifier win', async () => {
    const ws = await buildWorkspace(h.db);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: `Race ${i}`, identifier: 'RACE' } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as HttpError).statusCode, 409);
  });

  it('rejects bad identifiers, ranges, time zones and leads outside the workspace with 400', async () => {
    const ws = await buildWorkspace(h.db);
    const make = (data: Record<string, unknown>) =>
      createProject(h.db, { workspaceId: ws.id, actorId: ws.owner.id, data: { name: 'Bad', identifier: 'BAD', ...data } });
    await rejectsWith(make({ identifier: 'TOOLONGIDENTIFIER' }), 400, /identifier/);
    await rejectsWith(make({ identifier: 'AB-C' }), 400, /identifier/);
    await rejectsWith(make({ identifier: '  ' }), 400, /identifier/);
    await rejectsWith(make({ archive_in: 13 }), 400, /archive_in/);
    await rejectsWith(make({ close_in: -1 }), 400, /close_in/);
    await rejectsWith(make({ network: 1 }), 400, /network/);
    await rejectsWith(make({ timezone: 'Mars/Olympus' }), 400, /time zone/);
    const stranger = await buildUser(h.db);
    await rejectsWith(make({ project_lead: stranger.id }), 400, /lead/);
    await rejectsWith(make({ default_assignee: stranger.id }), 400, /assignee/);
  });

  it('adds a lead other than the creator as a member', async () => {
    const ws = await buildWorkspace(h.db);
    const lead = await buildUser(h.db);
    await h.db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 15)', [ws.id, lead.id]);
    const project = await createProject(h.db, {
      workspaceId: ws.id,
      actorId: ws.owner.id,
      data: { name: 'Led', identifier: 'LED', project_lead: lead.id },
    });
    const members = await h.db.query('SELECT role FROM project_members WHERE project_id = $1 AND member_id = $2', [project.id, lead.id]);
    assert.deepEqual(members.rows, [{ role: 15 }]);
  });
});

describe('project factories', () => {
  it('build a project with its parents, members, states and labels', async () => {
    const project = await buildProject(h.db);
    assert.match(project.identifier, /^[A-Z0-9]{1,12}$/);
    assert.equal(project.workspace_id, project.workspace.id);
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, project, guest, 5);
    const wm = await h.db.query('SELECT role FROM workspace_members WHERE workspace_id = $1 AND member_id = $2', [
      project.workspace_id,
      guest.id,
    ]);
    assert.deepEqual(wm.rows, [{ role: 5 }]);
    const state = await buildState(h.db, project, { default: true });
    const def = await h.db.query('SELECT id FROM states WHERE project_id = $1 AND "default"', [project.id]);
    assert.deepEqual(def.rows, [{ id: state.id }]);
    const parent = await buildLabel(h.db, project);
    const child = await buildLabel(h.db, project, { parent });
    assert.equal(child.parent, parent.id);
    const creator = await buildUser(h.db);
    const second = await buildProject(h.db, { workspace: project.workspace, creator, network: 0 });
    assert.equal(second.created_by, creator.id);
    assert.equal(second.network, 0);
  });
});
