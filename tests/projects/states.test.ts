// States: list (triage hidden), create, read, update, default moves, delete rules, scoping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildState } from '../factories/projects.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam, NIL_UUID } from './setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

type State = Body & { id: string; name: string; group: string; default: boolean; is_triage: boolean; sequence: number };

const defaultStateId = async (projectId: string): Promise<string> => {
  const { rows } = await h.db.query('SELECT id FROM states WHERE project_id = $1 AND "default" AND deleted_at IS NULL', [projectId]);
  assert.equal(rows.length, 1, 'exactly one default state');
  const project = await h.db.query('SELECT default_state FROM projects WHERE id = $1', [projectId]);
  assert.equal(project.rows[0].default_state, rows[0].id, 'projects.default_state follows');
  return rows[0].id;
};

const insertIssue = async (project: { id: string; workspace_id: string }, stateId: string, sequence: number): Promise<void> => {
  await h.db.query('INSERT INTO issues (workspace_id, project_id, sequence_id, name, state_id) VALUES ($1, $2, $3, $4, $5)', [
    project.workspace_id,
    project.id,
    sequence,
    `Item ${sequence}`,
    stateId,
  ]);
};

describe('GET /states', () => {
  it('lists states by sequence with every contract field, triage only when asked', async () => {
    const team = await buildTeam(h);
    const res = await team.as.guest.get<State[]>(`${team.base}/states/`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.map((s) => [s.name, s.group]),
      [
        ['Backlog', 'backlog'],
        ['Todo', 'unstarted'],
        ['In Progress', 'started'],
        ['Done', 'completed'],
        ['Cancelled', 'cancelled'],
      ],
    );
    const backlog = res.body[0];
    assert.ok(backlog);
    for (const key of [
      'id',
      'created_at',
      'updated_at',
      'deleted_at',
      'created_by',
      'updated_by',
      'name',
      'description',
      'color',
      'slug',
      'sequence',
      'group',
      'is_triage',
      'default',
      'external_source',
      'external_id',
      'project',
      'workspace',
    ])
      assert.ok(key in backlog, key);
    assert.equal(backlog.default, true);
    assert.equal(backlog.color, '#60646C');
    assert.equal(backlog.project, team.project.id);
    assert.equal(backlog.workspace, team.workspace.id);
    assert.equal(res.body[2]?.slug, 'in-progress');
    const all = await team.as.guest.get<State[]>(`${team.base}/states?include_triage=true`);
    assert.equal(all.body.length, 6);
    const triage = all.body.find((s) => s.is_triage);
    assert.equal(triage?.group, 'triage');
    assert.equal(triage?.name, 'Triage');
    assert.equal((await team.as.guest.get(`${team.base}/states?include_triage=maybe`)).status, 400);
    assert.equal((await team.as.outsider.get(`${team.base}/states`)).status, 404);
  });
});

describe('POST /states', () => {
  it('creates a state (201) for members; guests get 403', async () => {
    const team = await buildTeam(h);
    const res = await team.as.member.post<State>(`${team.base}/states`, {
      name: ' In Review ',
      color: '#AABBCC',
      group: 'started',
      description: 'Waiting',
      id: NIL_UUID,
      project: NIL_UUID,
      is_triage: true,
      slug: 'x',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.name, 'In Review');
    assert.equal(res.body.slug, 'in-review');
    assert.equal(res.body.group, 'started');
    assert.equal(res.body.is_triage, false);
    assert.equal(res.body.default, false);
    assert.equal(res.body.project, team.project.id);
    assert.equal(res.body.created_by, team.member.id);
    assert.notEqual(res.body.id, NIL_UUID);
    const list = await team.as.member.get<State[]>(`${team.base}/states`);
    assert.equal(list.body.at(-1)?.id, res.body.id, 'a new state lists last');
    assert.equal(
      (await team.as.guest.post(`${team.base}/states`, { name: 'Guest state', color: '#000000', group: 'started' })).status,
      403,
    );
  });

  it('moves the default to a new state created with default: true', async () => {
    const team = await buildTeam(h);
    const res = await team.as.admin.post<State>(`${team.base}/states`, {
      name: 'Inbox',
      color: '#123456',
      group: 'unstarted',
      default: true,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.default, true);
    assert.equal(await defaultStateId(team.project.id), res.body.id);
  });

  it('rejects bad input with 400 and a taken name with 409', async () => {
    const team = await buildTeam(h);
    const url = `${team.base}/states`;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ color: '#000000' }, /name/],
      [{ name: 'No color' }, /color/],
      [{ name: '', color: '#000000' }, /name/],
      [{ name: 'x'.repeat(256), color: '#000000' }, /name/],
      [{ name: 'Bad color', color: 'red' }, /color/],
      [{ name: 'Bad color', color: '#12345' }, /color/],
      [{ name: 'Bad group', color: '#000000', group: 'doing' }, /group/],
      [{ name: 'Triage 2', color: '#000000', group: 'triage' }, /triage/],
      [{ name: 'Bad seq', color: '#000000', sequence: 'first' }, /sequence/],
      [{ name: 'Bad default', color: '#000000', default: 'sure' }, /default/],
    ];
    for (const [body, pattern] of cases) {
      const res = await team.as.admin.post(url, body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 60)} → ${JSON.stringify(res.body)}`);
      assert.match(String(res.body.error), pattern);
    }
    const dup = await team.as.admin.post(url, { name: 'todo', color: '#000000', group: 'unstarted' });
    assert.equal(dup.status, 409);
    const todo = (await h.db.query('SELECT id FROM states WHERE project_id = $1 AND name = $2', [team.project.id, 'Todo'])).rows[0];
    assert.equal(dup.body.id, todo.id);
    // The hidden triage state's name is taken too.
    assert.equal((await team.as.admin.post(url, { name: 'Triage', color: '#000000' })).status, 409);
  });
});

describe('GET/PATCH /states/:stateId', () => {
  it('reads and updates a state; default: true moves the default, default: false on the default is refused', async () => {
    const team = await buildTeam(h);
    const state = await buildState(h.db, team.project, { name: 'QA', group: 'started' });
    const url = `${team.base}/states/${state.id}`;
    const got = await team.as.guest.get<State>(url);
    assert.equal(got.status, 200);
    assert.equal(got.body.name, 'QA');
    const patched = await team.as.member.patch<State>(url, {
      name: 'Quality',
      color: '#00FF00',
      group: 'completed',
      sequence: 1,
      description: 'd',
      project: NIL_UUID,
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.name, 'Quality');
    assert.equal(patched.body.slug, 'quality');
    assert.equal(patched.body.color, '#00FF00');
    assert.equal(patched.body.group, 'completed');
    assert.equal(patched.body.sequence, 1);
    assert.equal(patched.body.project, team.project.id);
    assert.equal(patched.body.updated_by, team.member.id);
    const oldDefault = await defaultStateId(team.project.id);
    const moved = await team.as.member.patch<State>(url, { default: true });
    assert.equal(moved.body.default, true);
    assert.equal(await defaultStateId(team.project.id), state.id);
    assert.equal((await team.as.member.get<State>(`${team.base}/states/${oldDefault}`)).body.default, false);
    const unset = await team.as.member.patch(url, { default: false });
    assert.equal(unset.status, 400);
    assert.match(String(unset.body.error), /default/);
    // Plane's mark-default action moves it back.
    assert.equal((await team.as.member.post(`${team.base}/states/${oldDefault}/mark-default/`)).status, 204);
    assert.equal(await defaultStateId(team.project.id), oldDefault);
    assert.equal((await team.as.guest.patch(url, { name: 'By guest' })).status, 403);
  });

  it('keeps the triage state in its group and not default; rejects bad values and taken names', async () => {
    const team = await buildTeam(h);
    const triage = (await h.db.query('SELECT id FROM states WHERE project_id = $1 AND is_triage', [team.project.id])).rows[0].id;
    assert.equal((await team.as.admin.patch(`${team.base}/states/${triage}`, { group: 'started' })).status, 400);
    assert.equal((await team.as.admin.patch(`${team.base}/states/${triage}`, { default: true })).status, 400);
    const state = await buildState(h.db, team.project);
    const url = `${team.base}/states/${state.id}`;
    for (const body of [
      { group: 'triage' },
      { group: 'nope' },
      { color: 'blue' },
      { name: '  ' },
      { name: 'y'.repeat(300) },
      { sequence: 'z' },
    ])
      assert.equal((await team.as.admin.patch(url, body)).status, 400, JSON.stringify(body));
    for (const body of [{ name: null }, { color: null }, { default: null }, { group: null }])
      assert.equal((await team.as.admin.patch(url, body)).status, 400, JSON.stringify(body));
    const dup = await team.as.admin.patch(url, { name: 'BACKLOG' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.id, await defaultStateId(team.project.id));
  });

  it('answers 404 for a missing id, a malformed id, or another project’s / workspace’s state', async () => {
    const team = await buildTeam(h);
    const other = await buildTeam(h);
    const foreign = await buildState(h.db, other.project);
    const sameWorkspace = await buildTeam(h);
    const neighbour = await buildState(h.db, sameWorkspace.project);
    for (const id of [NIL_UUID, 'not-a-uuid', foreign.id, neighbour.id]) {
      const url = `${team.base}/states/${id}`;
      assert.equal((await team.as.admin.get(url)).status, 404, `GET ${id}`);
      assert.equal((await team.as.admin.patch(url, { name: 'Hijack' })).status, 404, `PATCH ${id}`);
      assert.equal((await team.as.admin.delete(url)).status, 404, `DELETE ${id}`);
    }
    assert.equal((await h.db.query('SELECT name, deleted_at FROM states WHERE id = $1', [foreign.id])).rows[0].deleted_at, null);
    assert.equal((await team.as.admin.get(`${other.base}/states/${foreign.id}`)).status, 404);
  });
});

describe('DELETE /states/:stateId', () => {
  it('deletes an empty state (204) and refuses the default, the triage state and a state with work items (400)', async () => {
    const team = await buildTeam(h);
    const empty = await buildState(h.db, team.project);
    assert.equal((await team.as.guest.delete(`${team.base}/states/${empty.id}`)).status, 403);
    assert.equal((await team.as.member.delete(`${team.base}/states/${empty.id}`)).status, 204);
    assert.equal((await team.as.member.get(`${team.base}/states/${empty.id}`)).status, 404);
    assert.ok((await h.db.query('SELECT deleted_at FROM states WHERE id = $1', [empty.id])).rows[0].deleted_at instanceof Date);
    const def = await team.as.member.delete(`${team.base}/states/${await defaultStateId(team.project.id)}`);
    assert.equal(def.status, 400);
    assert.match(String(def.body.error), /default state cannot be deleted/);
    const triage = (await h.db.query('SELECT id FROM states WHERE project_id = $1 AND is_triage', [team.project.id])).rows[0].id;
    assert.equal((await team.as.member.delete(`${team.base}/states/${triage}`)).status, 400);
    const busy = await buildState(h.db, team.project);
    await insertIssue(team.project, busy.id, 1);
    await insertIssue(team.project, busy.id, 2);
    const refused = await team.as.member.delete(`${team.base}/states/${busy.id}`);
    assert.equal(refused.status, 400);
    assert.match(String(refused.body.error), /2 work items/);
    // A deleted state's name can be used again.
    assert.equal((await team.as.member.post(`${team.base}/states`, { name: empty.name, color: '#000000', group: 'started' })).status, 201);
  });
});
