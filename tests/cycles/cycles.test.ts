// The app API's cycle routes (session): a cycle's life through them — create, list by cycle_view,
// read, update, items in and out, transfer, archive and restore, delete — with roles: guests read,
// members write, a workspace member outside the project finds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam } from '../projects/setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

type Cycle = Body & { id: string; name: string; status: string; total_issues: number; started_issues: number; archived_at: string | null };

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('app API: cycles', () => {
  it('runs a cycle from creation to deletion', async () => {
    const team = await buildTeam(h);
    const cycles = `${team.base}/cycles`;
    const { rows } = await h.db.query<{ id: string }>(`SELECT id FROM states WHERE project_id = $1 AND "group" = 'started'`, [
      team.project.id,
    ]);
    const started = rows[0]?.id ?? '';

    const created = await team.as.member.post<Cycle>(cycles, { name: 'Sprint', start_date: day(-1), end_date: day(6) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'CURRENT');
    assert.equal(created.body.owned_by, team.member.id);
    const next = await team.as.admin.post<Cycle>(cycles, { name: 'Next', start_date: day(8), end_date: day(15) });
    assert.equal(next.body.status, 'UPCOMING');
    assert.equal((await team.as.guest.post(cycles, { name: 'Guest' })).status, 403);
    assert.equal((await team.as.member.post(cycles, { name: 'Half', end_date: day(3) })).status, 400);
    assert.equal((await team.as.member.post(cycles, { name: 'Nulls', description: null })).status, 400);

    const listed = await team.as.guest.get<Cycle[]>(cycles);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.map((c) => c.name).sort(), ['Next', 'Sprint']);
    const current = await team.as.guest.get<Cycle[]>(`${cycles}?cycle_view=current`);
    assert.deepEqual(
      current.body.map((c) => c.id),
      [created.body.id],
    );
    assert.equal((await team.as.outsider.get(cycles)).status, 404);
    assert.equal((await team.as.outsider.get(`${cycles}/${created.body.id}`)).status, 404);

    const path = `${cycles}/${created.body.id}`;
    const item = await buildWorkItem(h.db, { project: team.project, state_id: started });
    const added = await team.as.member.post<Body[]>(`${path}/cycle-issues`, { issues: [item.id] });
    assert.equal(added.status, 201);
    assert.equal(added.body[0]?.issue, item.id);
    const one = await team.as.guest.get<Cycle>(path);
    assert.deepEqual([one.body.total_issues, one.body.started_issues], [1, 1]);
    const items = await team.as.admin.get<Array<Body & { id: string }>>(`${path}/cycle-issues`);
    assert.deepEqual(
      items.body.map((i) => i.id),
      [item.id],
    );

    const patched = await team.as.member.patch<Cycle>(path, { name: 'Sprint 1', description: 'd' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Sprint 1');

    const moved = await team.as.member.post(`${path}/transfer-issues`, { new_cycle_id: next.body.id });
    assert.equal(moved.status, 200);
    assert.equal((await team.as.admin.get<Cycle>(`${cycles}/${next.body.id}`)).body.total_issues, 1);
    assert.equal((await team.as.member.delete(`${cycles}/${next.body.id}/cycle-issues/${item.id}`)).status, 204);
    assert.equal((await team.as.admin.get<Cycle>(`${cycles}/${next.body.id}`)).body.total_issues, 0);

    // Archive needs a completed cycle.
    assert.equal((await team.as.member.post(`${path}/archive`)).status, 400);
    await h.db.query('UPDATE cycles SET start_date = $2, end_date = $3 WHERE id = $1', [created.body.id, day(-9), day(-2)]);
    assert.equal((await team.as.member.post(`${path}/archive`)).status, 204);
    const archived = await team.as.guest.get<Cycle[]>(`${team.base}/archived-cycles`);
    assert.deepEqual(
      archived.body.map((c) => c.id),
      [created.body.id],
    );
    assert.equal((await team.as.guest.delete(`${path}/archive`)).status, 403);
    assert.equal((await team.as.member.delete(`${path}/archive`)).status, 204);
    assert.equal((await team.as.admin.get<Cycle>(path)).body.archived_at, null);

    assert.equal((await team.as.guest.delete(path)).status, 403);
    assert.equal((await team.as.admin.delete(path)).status, 204);
    assert.equal((await team.as.admin.get(path)).status, 404);
    assert.equal((await team.as.admin.get(`${cycles}/not-a-uuid`)).status, 404);
  });
});
