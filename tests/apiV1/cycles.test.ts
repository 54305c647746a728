// /api/v1 cycles: every route with Plane's codes and shapes (each answer checked against the route's
// documented schema), the envelope and the bare `current` list, cycle_view filters relative to today,
// the date and owner rules, external ids, counts as items move, transfer, completed-cycle refusals,
// archive / unarchive, the "cycles" activity, and ids of other workspaces/projects in bodies refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { buildProject } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, type Response, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';
import { buildTeam, NIL_UUID, type Team } from '../projects/setup.ts';

let h: ApiHarness;
let checker: SchemaChecker;
before(async () => {
  h = await startApiHarness();
  checker = await SchemaChecker.load(h.app);
});
after(async () => {
  await h.close();
});

type Cycle = Body & {
  id: string;
  name: string;
  status: string;
  start_date: string | null;
  end_date: string | null;
  owned_by: string;
  project: string;
  workspace: string;
  timezone: string;
  archived_at: string | null;
  progress_snapshot: Record<string, unknown>;
  total_issues: number;
  backlog_issues: number;
  unstarted_issues: number;
  started_issues: number;
  completed_issues: number;
  cancelled_issues: number;
};
type Envelope<T> = Body & { results: T[]; total_count: number; count: number };

interface V1Team extends Team {
  v1: { admin: V1Client; member: V1Client; guest: V1Client };
  /** `/workspaces/<slug>/projects/<id>` (relative to /api/v1) */
  p: string;
  states: Record<'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled', string>;
}

async function v1Team(): Promise<V1Team> {
  const team = await buildTeam(h);
  const { rows } = await h.db.query<{ id: string; group: V1Team['states'] extends Record<infer K, string> ? K : never }>(
    `SELECT id, "group" FROM states WHERE project_id = $1 AND NOT is_triage AND deleted_at IS NULL`,
    [team.project.id],
  );
  const states = Object.fromEntries(rows.map((r) => [r.group, r.id])) as V1Team['states'];
  return {
    ...team,
    v1: { admin: await v1As(h, team.admin.id), member: await v1As(h, team.member.id), guest: await v1As(h, team.guest.id) },
    p: `/workspaces/${team.workspace.slug}/projects/${team.project.id}`,
    states,
  };
}

/** Sends, checks the answer against the documented schema for its status, returns it. */
async function call<T = Body>(client: V1Client, method: string, path: string, body?: unknown): Promise<Response<T>> {
  const res = await client.request<T>(method, path, body);
  checker.check(method, path, res.status, res.status === 204 ? null : res.body);
  return res;
}

/** A date `offset` days from today, in UTC (the projects here keep the default UTC time zone). */
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const CURRENT = { start_date: day(-3), end_date: day(3) };
const UPCOMING = { start_date: day(5), end_date: day(12) };
const COMPLETED = { start_date: day(-20), end_date: day(-2) };

async function makeCycle(team: V1Team, fields: Record<string, unknown> = CURRENT): Promise<Cycle> {
  const res = await call<Cycle>(team.v1.admin, 'POST', `${team.p}/cycles/`, {
    name: `Cycle ${Math.random().toString(36).slice(2, 8)}`,
    project_id: team.project.id,
    ...fields,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const getCycle = async (team: V1Team, id: string): Promise<Cycle> =>
  (await call<Cycle>(team.v1.admin, 'GET', `${team.p}/cycles/${id}/`)).body;

const cycleOf = async (issueId: string): Promise<string | null> =>
  (await h.db.query<{ cycle_id: string }>('SELECT cycle_id FROM cycle_issues WHERE issue_id = $1', [issueId])).rows[0]?.cycle_id ?? null;

describe('v1 cycles: create, read, update, delete', () => {
  it('creates with Plane fields: owner is the caller, status from the dates, counts at zero, the path project wins', async () => {
    const team = await v1Team();
    const other = await buildProject(h.db, { workspace: team.workspace });
    const res = await call<Cycle>(team.v1.member, 'POST', `${team.p}/cycles/`, {
      name: 'Sprint 1',
      description: 'first',
      ...CURRENT,
      project_id: other.id,
      view_props: { layout: 'list' },
      logo_props: { in_use: 'emoji' },
      // Forbidden fields are dropped, never stored.
      archived_at: '2001-01-01T00:00:00Z',
      workspace: NIL_UUID,
      created_by: team.admin.id,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const cycle = res.body;
    assert.equal(cycle.name, 'Sprint 1');
    assert.equal(cycle.project, team.project.id);
    assert.equal(cycle.workspace, team.workspace.id);
    assert.equal(cycle.owned_by, team.member.id);
    assert.equal(cycle.created_by, team.member.id);
    assert.equal(cycle.archived_at, null);
    assert.equal(cycle.start_date, CURRENT.start_date);
    assert.equal(cycle.end_date, CURRENT.end_date);
    assert.equal(cycle.status, 'CURRENT');
    assert.equal(cycle.timezone, 'UTC');
    assert.deepEqual(cycle.view_props, { layout: 'list' });
    for (const key of ['total_issues', 'backlog_issues', 'started_issues', 'completed_issues', 'cancelled_issues', 'total_estimates'])
      assert.equal(cycle[key], 0, key);
    // Plane allows two cycles with one name.
    const twin = await call<Cycle>(team.v1.admin, 'POST', `${team.p}/cycles/`, { name: 'Sprint 1' });
    assert.equal(twin.status, 201);
    assert.equal(twin.body.status, 'DRAFT');
    assert.equal(twin.body.start_date, null);
    // A date-time is taken for its date.
    const fromDateTime = await call<Cycle>(team.v1.admin, 'POST', `${team.p}/cycles/`, {
      name: 'Timed',
      start_date: `${UPCOMING.start_date}T00:00:00Z`,
      end_date: `${UPCOMING.end_date}T10:00:00.000Z`,
    });
    assert.equal(fromDateTime.status, 201);
    assert.equal(fromDateTime.body.start_date, UPCOMING.start_date);
    assert.equal(fromDateTime.body.status, 'UPCOMING');
  });

  it('refuses one date without the other, start after end, a non-member owner, cycles turned off, guests', async () => {
    const team = await v1Team();
    const base = `${team.p}/cycles/`;
    const onlyStart = await call(team.v1.admin, 'POST', base, { name: 'x', start_date: day(1) });
    assert.equal(onlyStart.status, 400);
    assert.ok(Array.isArray(onlyStart.body.end_date), JSON.stringify(onlyStart.body));
    const onlyEnd = await call(team.v1.admin, 'POST', base, { name: 'x', start_date: null, end_date: day(1) });
    assert.equal(onlyEnd.status, 400);
    assert.ok(Array.isArray(onlyEnd.body.start_date));
    const reversed = await call(team.v1.admin, 'POST', base, { name: 'x', start_date: day(3), end_date: day(1) });
    assert.equal(reversed.status, 400);
    assert.ok(Array.isArray(reversed.body.start_date));
    assert.equal((await call(team.v1.admin, 'POST', base, { name: 'x', start_date: '2025-02-30', end_date: '2025-03-01' })).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', base, { name: '   ' })).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', base, { description: 'no name' })).status, 400);
    const stranger = await buildUser(h.db);
    const badOwner = await call(team.v1.admin, 'POST', base, { name: 'x', owned_by: stranger.id });
    assert.equal(badOwner.status, 400);
    assert.ok(Array.isArray(badOwner.body.owned_by));
    const toGuest = await call<Cycle>(team.v1.admin, 'POST', base, { name: 'guest-owned', owned_by: team.guest.id });
    assert.equal(toGuest.status, 201);
    assert.equal(toGuest.body.owned_by, team.guest.id);
    assert.equal((await call(team.v1.guest, 'POST', base, { name: 'x' })).status, 403);
    await h.db.query('UPDATE projects SET cycle_view = false WHERE id = $1', [team.project.id]);
    const off = await call(team.v1.admin, 'POST', base, { name: 'x' });
    assert.equal(off.status, 400);
    assert.equal(typeof off.body.error, 'string');
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM cycles WHERE project_id = $1', [team.project.id]);
    assert.equal(rows[0].n, 1, 'only the valid create wrote a row');
  });

  it('answers 409 with the id on a repeated external pair, and finds a cycle by it', async () => {
    const team = await v1Team();
    const base = `${team.p}/cycles/`;
    const first = await makeCycle(team, { external_id: 'sp-1', external_source: 'jira' });
    const again = await call(team.v1.admin, 'POST', base, { name: 'Again', external_id: 'sp-1', external_source: 'jira' });
    assert.equal(again.status, 409);
    assert.equal(again.body.id, first.id);
    const found = await call<Cycle>(team.v1.admin, 'GET', `${base}?external_id=sp-1&external_source=jira`);
    assert.equal(found.status, 200);
    assert.equal(found.body.id, first.id);
    assert.equal((await call(team.v1.admin, 'GET', `${base}?external_id=nope&external_source=jira`)).status, 404);
    // A PATCH onto another cycle's pair is a conflict too.
    const second = await makeCycle(team, { external_id: 'sp-2', external_source: 'jira' });
    const clash = await call(team.v1.admin, 'PATCH', `${base}${second.id}/`, { external_id: 'sp-1' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.id, first.id);
  });

  it('reads, updates with the date rules, keeps completed cycles to sort_order, deletes (owner or admin)', async () => {
    const team = await v1Team();
    const cycle = await makeCycle(team);
    const one = await call<Cycle>(team.v1.guest, 'GET', `${team.p}/cycles/${cycle.id}/`);
    assert.equal(one.status, 200);
    assert.equal(one.body.id, cycle.id);
    // (?fields answers a part of the object: not schema-checked.)
    const expanded = await team.v1.admin.get<Body>(`${team.p}/cycles/${cycle.id}/?expand=owned_by&fields=id,owned_by`);
    assert.deepEqual(Object.keys(expanded.body).sort(), ['id', 'owned_by']);
    assert.equal((expanded.body.owned_by as Body).email, team.admin.email);
    const path = `${team.p}/cycles/${cycle.id}/`;
    const renamed = await call<Cycle>(team.v1.member, 'PATCH', path, { name: 'Renamed', ...UPCOMING, owned_by: team.member.id });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.name, 'Renamed');
    assert.equal(renamed.body.status, 'UPCOMING');
    assert.equal(renamed.body.owned_by, team.member.id);
    assert.equal(renamed.body.updated_by, team.member.id);
    const halfDates = await call(team.v1.admin, 'PATCH', path, { end_date: null });
    assert.equal(halfDates.status, 400);
    assert.ok(Array.isArray(halfDates.body.end_date));
    assert.equal((await call(team.v1.admin, 'PATCH', path, { end_date: day(-100) })).status, 400);
    assert.equal((await call(team.v1.admin, 'PATCH', path, { owned_by: null })).status, 400);
    const draft = await call<Cycle>(team.v1.admin, 'PATCH', path, { start_date: null, end_date: null });
    assert.equal(draft.body.status, 'DRAFT');
    assert.equal((await call(team.v1.guest, 'PATCH', path, { name: 'guest' })).status, 403);

    const done = await makeCycle(team, COMPLETED);
    assert.equal(done.status, 'COMPLETED');
    const donePath = `${team.p}/cycles/${done.id}/`;
    const edit = await call(team.v1.admin, 'PATCH', donePath, { name: 'Too late' });
    assert.equal(edit.status, 400);
    const sorted = await call<Cycle>(team.v1.admin, 'PATCH', donePath, { sort_order: 12, name: 'ignored' });
    assert.equal(sorted.status, 200);
    assert.equal(sorted.body.sort_order, 12);
    assert.equal(sorted.body.name, done.name);

    // Only the owner or a project admin deletes.
    assert.equal((await call(team.v1.member, 'DELETE', donePath)).status, 403);
    assert.equal((await call(team.v1.member, 'DELETE', path)).status, 204);
    assert.equal((await call(team.v1.admin, 'GET', path)).status, 404);
    assert.equal((await call(team.v1.admin, 'DELETE', donePath)).status, 204);
    assert.equal((await call(team.v1.admin, 'DELETE', donePath)).status, 404);
    assert.equal((await call(team.v1.admin, 'GET', `${team.p}/cycles/not-a-uuid/`)).status, 404);
  });
});

describe('v1 cycles: cycle_view filters', () => {
  it('splits cycles by today; current is a bare array, the others the envelope; archived cycles are not listed', async () => {
    const team = await v1Team();
    const current = await makeCycle(team, CURRENT);
    const endsToday = await makeCycle(team, { start_date: day(-5), end_date: day(0) });
    const upcoming = await makeCycle(team, UPCOMING);
    const completed = await makeCycle(team, COMPLETED);
    const draft = await makeCycle(team, {});
    const archived = await makeCycle(team, { start_date: day(-30), end_date: day(-25) });
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${archived.id}/archive/`)).status, 204);
    assert.equal(endsToday.status, 'CURRENT');
    const ids = (list: Cycle[]) => list.map((c) => c.id).sort();
    const view = async (name: string) => {
      const res = await call<Envelope<Cycle>>(team.v1.admin, 'GET', `${team.p}/cycles/?cycle_view=${name}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.total_count, res.body.results.length);
      return ids(res.body.results);
    };
    const currentRes = await call<Cycle[]>(team.v1.admin, 'GET', `${team.p}/cycles/?cycle_view=current`);
    assert.ok(Array.isArray(currentRes.body), 'current answers a bare array');
    assert.deepEqual(ids(currentRes.body), ids([current, endsToday]));
    assert.deepEqual(await view('all'), ids([current, endsToday, upcoming, completed, draft]));
    assert.deepEqual(await view('upcoming'), ids([upcoming]));
    assert.deepEqual(await view('completed'), ids([completed]));
    assert.deepEqual(await view('draft'), ids([draft]));
    assert.deepEqual(await view('incomplete'), ids([current, endsToday, upcoming, draft]));
    const plain = await call<Envelope<Cycle>>(team.v1.admin, 'GET', `${team.p}/cycles/?per_page=2`);
    assert.equal(plain.body.count, 2);
    assert.equal(plain.body.total_count, 5);
    assert.equal((await call(team.v1.admin, 'GET', `${team.p}/cycles/?cycle_view=someday`)).status, 400);
  });

  it("computes today in the project's time zone", async () => {
    const team = await v1Team();
    // Whatever UTC's date is, Kiritimati (UTC+14) is already on a later one or Pago Pago (UTC−11) on an earlier one.
    const utcToday = day(0);
    const kiritimati = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    const zone = kiritimati !== utcToday ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const zoneToday = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    assert.notEqual(zoneToday, utcToday);
    const cycle = await makeCycle(team, { start_date: utcToday, end_date: utcToday });
    assert.equal(cycle.status, 'CURRENT');
    await h.db.query('UPDATE projects SET timezone = $2 WHERE id = $1', [team.project.id, zone]);
    const moved = await getCycle(team, cycle.id);
    assert.equal(moved.status, zoneToday > utcToday ? 'COMPLETED' : 'UPCOMING');
  });
});

describe('v1 cycles: work items in cycles', () => {
  it('adds items (201 rows), counts them by state group, lists them, moves them between cycles, removes them', async () => {
    const team = await v1Team();
    const a = await makeCycle(team);
    const b = await makeCycle(team, UPCOMING);
    const items = await Promise.all(
      (['backlog', 'unstarted', 'started', 'completed', 'cancelled'] as const).map((group) =>
        buildWorkItem(h.db, { project: team.project, state_id: team.states[group], name: `In ${group}` }),
      ),
    );
    const [backlog, unstarted, started, completed, cancelled] = items.map((i) => i.id) as [string, string, string, string, string];
    const aItems = `${team.p}/cycles/${a.id}/cycle-issues/`;
    const added = await call<Array<Body & { cycle: string; issue: string }>>(team.v1.member, 'POST', aItems, {
      issues: items.map((i) => i.id),
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.length, 5);
    assert.ok(added.body.every((row) => row.cycle === a.id && row.project === team.project.id));
    assert.deepEqual(added.body.map((row) => row.issue).sort(), items.map((i) => i.id).sort());
    let counted = await getCycle(team, a.id);
    assert.deepEqual(
      [
        counted.total_issues,
        counted.backlog_issues,
        counted.unstarted_issues,
        counted.started_issues,
        counted.completed_issues,
        counted.cancelled_issues,
      ],
      [5, 1, 1, 1, 1, 1],
    );
    const listed = await call<Envelope<Body & { id: string; state: string }>>(team.v1.guest, 'GET', aItems);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.total_count, 0, 'a guest sees only the items they created');
    const all = await call<Envelope<Body & { id: string; state: string }>>(team.v1.admin, 'GET', `${aItems}?expand=state`);
    assert.deepEqual(all.body.results.map((r) => r.id).sort(), items.map((i) => i.id).sort());
    const expandedState = all.body.results[0]?.state as unknown as Body | undefined;
    assert.equal(typeof expandedState?.id, 'string', 'state expands');

    // Moving two items to b: a loses them, b gains them; adding again is idempotent.
    const moved = await call(team.v1.admin, 'POST', `${team.p}/cycles/${b.id}/cycle-issues/`, { issues: [backlog, started, started] });
    assert.equal(moved.status, 201);
    assert.equal(await cycleOf(backlog), b.id);
    counted = await getCycle(team, a.id);
    assert.deepEqual([counted.total_issues, counted.backlog_issues, counted.started_issues], [3, 0, 0]);
    assert.equal((await getCycle(team, b.id)).total_issues, 2);
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${b.id}/cycle-issues/`, { issues: [backlog] })).status, 201);
    assert.equal((await getCycle(team, b.id)).total_issues, 2);

    // Archived and deleted items are not counted.
    await h.db.query('UPDATE issues SET archived_at = now() WHERE id = $1', [completed]);
    await h.db.query('UPDATE issues SET deleted_at = now() WHERE id = $1', [cancelled]);
    counted = await getCycle(team, a.id);
    assert.deepEqual([counted.total_issues, counted.completed_issues, counted.cancelled_issues, counted.unstarted_issues], [1, 0, 0, 1]);

    // Removing.
    const remove = `${team.p}/cycles/${a.id}/cycle-issues/${unstarted}/`;
    assert.equal((await call(team.v1.guest, 'DELETE', remove)).status, 403);
    assert.equal((await call(team.v1.admin, 'DELETE', remove)).status, 204);
    assert.equal(await cycleOf(unstarted), null);
    assert.equal((await call(team.v1.admin, 'DELETE', remove)).status, 404);
    assert.equal((await call(team.v1.admin, 'DELETE', `${team.p}/cycles/${a.id}/cycle-issues/${backlog}/`)).status, 404, 'in b, not a');
    assert.equal((await getCycle(team, a.id)).total_issues, 0);

    // The work item's activity tells the story (field "cycles").
    const { rows } = await h.db.query<{ verb: string; old_value: string | null; new_value: string | null; new_identifier: string | null }>(
      `SELECT verb, old_value, new_value, new_identifier FROM issue_activities WHERE issue_id = $1 AND field = 'cycles' ORDER BY created_at`,
      [backlog],
    );
    assert.deepEqual(
      rows.map((r) => [r.verb, r.old_value, r.new_value, r.new_identifier]),
      [
        ['created', '', a.name, a.id],
        ['updated', a.name, b.name, b.id],
      ],
    );
    const removedRows = await h.db.query<{ verb: string; old_identifier: string }>(
      `SELECT verb, old_identifier FROM issue_activities WHERE issue_id = $1 AND field = 'cycles' ORDER BY created_at`,
      [unstarted],
    );
    assert.deepEqual(
      removedRows.rows.map((r) => [r.verb, r.old_identifier]),
      [
        ['created', null],
        ['deleted', a.id],
      ],
    );
  });

  it('refuses items for a completed cycle, an empty list, and ids outside the project (nothing linked)', async () => {
    const team = await v1Team();
    const cycle = await makeCycle(team);
    const done = await makeCycle(team, COMPLETED);
    const mine = await buildWorkItem(h.db, { project: team.project });
    const closed = await call(team.v1.admin, 'POST', `${team.p}/cycles/${done.id}/cycle-issues/`, { issues: [mine.id] });
    assert.equal(closed.status, 400);
    assert.match(String(closed.body.error), /completed/);
    const path = `${team.p}/cycles/${cycle.id}/cycle-issues/`;
    assert.equal((await call(team.v1.admin, 'POST', path, { issues: [] })).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', path, {})).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', path, { issues: ['not-a-uuid'] })).status, 400);
    const sameWorkspace = await buildWorkItem(h.db, { project: await buildProject(h.db, { workspace: team.workspace }) });
    const elsewhere = await buildWorkItem(h.db);
    for (const foreign of [sameWorkspace.id, elsewhere.id, NIL_UUID]) {
      const res = await call(team.v1.admin, 'POST', path, { issues: [mine.id, foreign] });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(Array.isArray(res.body.issues));
      assert.equal(await cycleOf(foreign), null);
      assert.equal(await cycleOf(mine.id), null, 'all or nothing');
    }
    const deleted = await buildWorkItem(h.db, { project: team.project });
    await h.db.query('UPDATE issues SET deleted_at = now() WHERE id = $1', [deleted.id]);
    assert.equal((await call(team.v1.admin, 'POST', path, { issues: [deleted.id] })).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${NIL_UUID}/cycle-issues/`, { issues: [mine.id] })).status, 404);
    assert.equal((await call(team.v1.guest, 'POST', path, { issues: [mine.id] })).status, 403);
  });

  it('deleting a cycle frees its items', async () => {
    const team = await v1Team();
    const cycle = await makeCycle(team);
    const item = await buildWorkItem(h.db, { project: team.project });
    await call(team.v1.admin, 'POST', `${team.p}/cycles/${cycle.id}/cycle-issues/`, { issues: [item.id] });
    assert.equal((await call(team.v1.admin, 'DELETE', `${team.p}/cycles/${cycle.id}/`)).status, 204);
    assert.equal(await cycleOf(item.id), null);
    const next = await makeCycle(team);
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${next.id}/cycle-issues/`, { issues: [item.id] })).status, 201);
  });
});

describe('v1 cycles: transfer', () => {
  it('moves only unfinished items to the new cycle and snapshots the old one', async () => {
    const team = await v1Team();
    const from = await makeCycle(team, COMPLETED);
    const to = await makeCycle(team);
    // Items go in while the cycle is current; then it ends.
    await h.db.query('UPDATE cycles SET start_date = $2, end_date = $3 WHERE id = $1', [from.id, CURRENT.start_date, CURRENT.end_date]);
    const byGroup = Object.fromEntries(
      await Promise.all(
        (['backlog', 'unstarted', 'started', 'completed', 'cancelled'] as const).map(
          async (group) => [group, (await buildWorkItem(h.db, { project: team.project, state_id: team.states[group] })).id] as const,
        ),
      ),
    );
    const noState = await buildWorkItem(h.db, { project: team.project });
    await h.db.query('UPDATE issues SET state_id = NULL WHERE id = $1', [noState.id]);
    await call(team.v1.admin, 'POST', `${team.p}/cycles/${from.id}/cycle-issues/`, { issues: [...Object.values(byGroup), noState.id] });
    await h.db.query('UPDATE cycles SET start_date = $2, end_date = $3 WHERE id = $1', [from.id, COMPLETED.start_date, COMPLETED.end_date]);

    const res = await call(team.v1.member, 'POST', `${team.p}/cycles/${from.id}/transfer-issues/`, { new_cycle_id: to.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Success');
    for (const group of ['backlog', 'unstarted', 'started'] as const) assert.equal(await cycleOf(byGroup[group] as string), to.id, group);
    assert.equal(await cycleOf(noState.id), to.id);
    assert.equal(await cycleOf(byGroup.completed as string), from.id);
    assert.equal(await cycleOf(byGroup.cancelled as string), from.id);
    const old = await getCycle(team, from.id);
    assert.deepEqual([old.total_issues, old.completed_issues, old.cancelled_issues], [2, 1, 1]);
    assert.equal(old.progress_snapshot.total_issues, 6);
    assert.equal(old.progress_snapshot.completed_issues, 1);
    assert.equal((await getCycle(team, to.id)).total_issues, 4);
  });

  it('refuses a completed or archived target and cycles of other projects or workspaces; moves nothing', async () => {
    const team = await v1Team();
    const from = await makeCycle(team);
    const item = await buildWorkItem(h.db, { project: team.project });
    await call(team.v1.admin, 'POST', `${team.p}/cycles/${from.id}/cycle-issues/`, { issues: [item.id] });
    const path = `${team.p}/cycles/${from.id}/transfer-issues/`;
    const done = await makeCycle(team, COMPLETED);
    const doneRes = await call(team.v1.admin, 'POST', path, { new_cycle_id: done.id });
    assert.equal(doneRes.status, 400);
    assert.ok(Array.isArray(doneRes.body.new_cycle_id));

    // Another project of the workspace, and another workspace: their cycles are not targets.
    const sibling = await buildProject(h.db, { workspace: team.workspace, creator: team.admin });
    const siblingCycle = await call<Cycle>(team.v1.admin, 'POST', `/workspaces/${team.workspace.slug}/projects/${sibling.id}/cycles/`, {
      name: 's',
    });
    assert.equal(siblingCycle.status, 201);
    const foreign = await buildProject(h.db);
    const foreignClient = await v1As(h, foreign.creator.id);
    const foreignCycle = await foreignClient.post<Cycle>(`/workspaces/${foreign.workspace.slug}/projects/${foreign.id}/cycles/`, {
      name: 'f',
    });
    assert.equal(foreignCycle.status, 201);
    const answers: string[] = [];
    for (const target of [siblingCycle.body.id, foreignCycle.body.id, NIL_UUID]) {
      const res = await call(team.v1.admin, 'POST', path, { new_cycle_id: target });
      assert.equal(res.status, 400);
      answers.push(JSON.stringify(res.body));
    }
    assert.equal(new Set(answers).size, 1, 'another project’s cycle looks like no cycle');
    assert.equal((await call(team.v1.admin, 'POST', path, { new_cycle_id: 'nope' })).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', path, {})).status, 400);
    assert.equal(await cycleOf(item.id), from.id);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM cycle_issues WHERE cycle_id = ANY($1::uuid[])', [
      [siblingCycle.body.id, foreignCycle.body.id],
    ]);
    assert.equal(rows[0].n, 0);
    assert.equal((await call(team.v1.guest, 'POST', path, { new_cycle_id: from.id })).status, 403);
  });
});

describe('v1 cycles: archive', () => {
  it('archives only completed cycles, lists and restores them; an archived cycle cannot be edited or receive items', async () => {
    const team = await v1Team();
    const current = await makeCycle(team);
    const done = await makeCycle(team, COMPLETED);
    const draft = await makeCycle(team, {});
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${current.id}/archive/`)).status, 400);
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${draft.id}/archive/`)).status, 400);
    assert.equal((await call(team.v1.guest, 'POST', `${team.p}/cycles/${done.id}/archive/`)).status, 403);
    assert.equal((await call(team.v1.member, 'POST', `${team.p}/cycles/${done.id}/archive/`)).status, 204);
    const listed = await call<Envelope<Cycle>>(team.v1.admin, 'GET', `${team.p}/cycles/`);
    assert.ok(!listed.body.results.some((c) => c.id === done.id));
    const archived = await call<Envelope<Cycle>>(team.v1.guest, 'GET', `${team.p}/archived-cycles/`);
    assert.equal(archived.status, 200);
    assert.deepEqual(
      archived.body.results.map((c) => c.id),
      [done.id],
    );
    assert.ok(archived.body.results[0]?.archived_at);
    assert.equal((await call(team.v1.admin, 'PATCH', `${team.p}/cycles/${done.id}/`, { sort_order: 3 })).status, 400);
    const item = await buildWorkItem(h.db, { project: team.project });
    assert.equal((await call(team.v1.admin, 'POST', `${team.p}/cycles/${done.id}/cycle-issues/`, { issues: [item.id] })).status, 400);
    assert.equal(
      (await call(team.v1.admin, 'POST', `${team.p}/cycles/${current.id}/transfer-issues/`, { new_cycle_id: done.id })).status,
      400,
    );

    const unarchive = `${team.p}/archived-cycles/${done.id}/unarchive/`;
    assert.equal((await call(team.v1.guest, 'DELETE', unarchive)).status, 403);
    assert.equal((await call(team.v1.admin, 'DELETE', unarchive)).status, 204);
    assert.equal((await getCycle(team, done.id)).archived_at, null);
    assert.equal((await call(team.v1.admin, 'DELETE', unarchive)).status, 404, 'no longer archived');
    assert.equal((await call(team.v1.admin, 'DELETE', `${team.p}/archived-cycles/${current.id}/unarchive/`)).status, 404);
    const back = await call<Envelope<Cycle>>(team.v1.admin, 'GET', `${team.p}/cycles/?cycle_view=completed`);
    assert.deepEqual(
      back.body.results.map((c) => c.id),
      [done.id],
    );
  });
});

describe('v1 cycles: scoping', () => {
  it("another workspace's caller, and cycles named under another project, are not found", async () => {
    const team = await v1Team();
    const cycle = await makeCycle(team);
    const outsider = await buildProject(h.db);
    const stranger = await v1As(h, outsider.creator.id);
    for (const [method, suffix] of [
      ['GET', `cycles/`],
      ['GET', `cycles/${cycle.id}/`],
      ['PATCH', `cycles/${cycle.id}/`],
      ['DELETE', `cycles/${cycle.id}/`],
      ['GET', `cycles/${cycle.id}/cycle-issues/`],
      ['POST', `cycles/${cycle.id}/archive/`],
      ['GET', `archived-cycles/`],
    ] as const) {
      const res = await stranger.request(method, `${team.p}/${suffix}`, method === 'GET' || method === 'DELETE' ? undefined : {});
      assert.equal(res.status, 404, `${method} ${suffix}`);
    }
    const sibling = await buildProject(h.db, { workspace: team.workspace, creator: team.admin });
    const siblingPath = `/workspaces/${team.workspace.slug}/projects/${sibling.id}`;
    assert.equal((await call(team.v1.admin, 'GET', `${siblingPath}/cycles/${cycle.id}/`)).status, 404);
    assert.equal((await call(team.v1.admin, 'PATCH', `${siblingPath}/cycles/${cycle.id}/`, { name: 'x' })).status, 404);
    assert.equal((await call(team.v1.admin, 'DELETE', `${siblingPath}/cycles/${cycle.id}/`)).status, 404);
    assert.equal((await getCycle(team, cycle.id)).name, cycle.name);
  });

  it('documents every cycle route in the OpenAPI document', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: 'localhost' } });
    const paths = (JSON.parse(res.body) as { paths: Record<string, Record<string, unknown>> }).paths;
    const p = '/api/v1/workspaces/{slug}/projects/{projectId}';
    const expected: Array<[string, string]> = [
      [`${p}/cycles/`, 'get'],
      [`${p}/cycles/`, 'post'],
      [`${p}/cycles/{cycleId}/`, 'get'],
      [`${p}/cycles/{cycleId}/`, 'patch'],
      [`${p}/cycles/{cycleId}/`, 'delete'],
      [`${p}/cycles/{cycleId}/cycle-issues/`, 'get'],
      [`${p}/cycles/{cycleId}/cycle-issues/`, 'post'],
      [`${p}/cycles/{cycleId}/cycle-issues/{workItemId}/`, 'delete'],
      [`${p}/cycles/{cycleId}/transfer-issues/`, 'post'],
      [`${p}/cycles/{cycleId}/archive/`, 'post'],
      [`${p}/archived-cycles/`, 'get'],
      [`${p}/archived-cycles/{cycleId}/unarchive/`, 'delete'],
    ];
    for (const [path, method] of expected) assert.ok(paths[path]?.[method], `${method.toUpperCase()} ${path}`);
    assert.ok(checker.checked > 50, `answers were schema-checked (${checker.checked})`);
  });
});
