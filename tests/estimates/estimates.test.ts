// Estimates: created with their points (app API), linked to a project as its active estimate, and
// used by work items — a point must belong to the project's active estimate (another project's, or
// an inactive estimate's, is refused); changing or deleting points clears the items that used them;
// v1 `?expand=estimate_point` nests the point.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser } from '../factories/accounts.ts';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Body, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { v1As } from '../helpers/v1Harness.ts';

type Point = { id: string; key: number; value: string; estimate: string };
type Estimate = Body & { id: string; name: string; type: string; last_used: boolean; points: Point[] };

const path = (p: ProjectFixture, suffix = '') => `/api/workspaces/${p.workspace.slug}/projects/${p.id}${suffix}`;

describe('estimates', () => {
  let h: ApiHarness;
  let project: ProjectFixture;
  let admin: Client;

  async function createEstimate(client: Client, p: ProjectFixture, name: string, values: string[], type = 'points'): Promise<Estimate> {
    const res = await client.post<Estimate>(path(p, '/estimates/'), {
      estimate: { name, type },
      estimate_points: values.map((value, key) => ({ key, value })),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function link(client: Client, p: ProjectFixture, estimate: string | null) {
    return client.patch<Body>(path(p), { estimate });
  }

  before(async () => {
    h = await startApiHarness();
    project = await buildProject(h.db);
    admin = await h.as(project.creator.id);
  });
  after(() => h.close());

  it('creates an estimate with its points; checks type, keys, values and name; admins only', async () => {
    const made = await createEstimate(admin, project, 'Fibonacci', ['1', '2', '3', '5', '8']);
    assert.equal(made.type, 'points');
    assert.equal(made.last_used, false);
    assert.deepEqual(
      made.points.map((p) => [p.key, p.value, p.estimate]),
      [
        [0, '1', made.id],
        [1, '2', made.id],
        [2, '3', made.id],
        [3, '5', made.id],
        [4, '8', made.id],
      ],
    );
    const listed = await admin.get<Estimate[]>(path(project, '/estimates/'));
    assert.ok(listed.body.some((e) => e.id === made.id && e.points.length === 5));
    assert.equal((await admin.get<Estimate>(path(project, `/estimates/${made.id}/`))).body.name, 'Fibonacci');

    const bad = [
      { estimate: { name: 'Words', type: 'points' }, estimate_points: [{ key: 0, value: 'small' }] },
      {
        estimate: { name: 'Twice', type: 'categories' },
        estimate_points: [
          { key: 1, value: 'S' },
          { key: 1, value: 'M' },
        ],
      },
      { estimate: { name: 'Kind', type: 'vibes' }, estimate_points: [] },
      { estimate: { name: '  ', type: 'categories' }, estimate_points: [] },
    ];
    for (const body of bad) assert.equal((await admin.post(path(project, '/estimates/'), body)).status, 400, JSON.stringify(body));
    const dup = await admin.post<Body>(path(project, '/estimates/'), { estimate: { name: 'fibonacci' }, estimate_points: [] });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.id, made.id);

    const member = await buildUser(h.db);
    await addProjectMember(h.db, project, member, 15);
    const asMember = await h.as(member.id);
    assert.equal((await asMember.get(path(project, '/estimates/'))).status, 200);
    assert.equal((await asMember.post(path(project, '/estimates/'), { estimate: { name: 'Mine' } })).status, 403);
    assert.equal((await asMember.delete(path(project, `/estimates/${made.id}/`))).status, 403);
    const outsider = await h.as((await buildUser(h.db)).id);
    assert.equal((await outsider.get(path(project, `/estimates/${made.id}/`))).status, 404);
  });

  it('links an estimate of the project only (project.estimate, last_used)', async () => {
    const mine = await createEstimate(admin, project, 'T-shirt', ['XS', 'S', 'M', 'L'], 'categories');
    const sibling = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    const theirs = await createEstimate(admin, sibling, 'Sibling estimate', ['1', '2']);
    const elsewhere = await buildProject(h.db);
    const foreign = await createEstimate(await h.as(elsewhere.creator.id), elsewhere, 'Foreign', ['1']);
    for (const id of [theirs.id, foreign.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await link(admin, project, id);
      assert.equal(res.status, 400, `${id}: ${JSON.stringify(res.body)}`);
    }
    const linked = await link(admin, project, mine.id);
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.estimate, mine.id);
    const all = await admin.get<Estimate[]>(path(project, '/estimates/'));
    assert.deepEqual(
      all.body.filter((e) => e.last_used).map((e) => e.id),
      [mine.id],
    );
    assert.equal((await link(admin, project, null)).body.estimate, null);
  });

  it('sets a work item’s estimate_point only from the project’s active estimate; v1 expands it', async () => {
    const p = await buildProject(h.db);
    const client = await h.as(p.creator.id);
    const active = await createEstimate(client, p, 'Active', ['1', '2', '4']);
    const inactive = await createEstimate(client, p, 'Inactive', ['10', '20']);
    const other = await buildProject(h.db, { workspace: p.workspace, creator: p.creator });
    const otherEstimate = await createEstimate(client, other, 'Other project', ['1']);
    await link(client, other, otherEstimate.id);
    const item = await buildWorkItem(h.db, { project: p });
    const itemPath = path(p, `/issues/${item.id}/`);
    const point = active.points[1] as Point;

    // No active estimate yet: nothing is accepted.
    assert.equal((await client.patch(itemPath, { estimate_point: point.id })).status, 400);
    assert.equal((await link(client, p, active.id)).status, 200);
    for (const wrong of [inactive.points[0]?.id, otherEstimate.points[0]?.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await client.patch(itemPath, { estimate_point: wrong });
      assert.equal(res.status, 400, `${wrong}: ${JSON.stringify(res.body)}`);
    }
    const set = await client.patch<Body>(itemPath, { estimate_point: point.id });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.estimate_point, point.id);
    const created = await client.post<Body>(path(p, '/issues/'), { name: 'Estimated from the start', estimate_point: point.id });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.estimate_point, point.id);
    const refused = await client.post(path(p, '/issues/'), { name: 'Wrong estimate', estimate_point: inactive.points[0]?.id });
    assert.equal(refused.status, 400);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM issues WHERE project_id = $1 AND name = $2', [
      p.id,
      'Wrong estimate',
    ]);
    assert.equal(rows[0]?.n, 0);

    const v1 = await v1As(h, p.creator.id);
    const res = await v1.get<Body>(`/workspaces/${p.workspace.slug}/projects/${p.id}/work-items/${item.id}/?expand=estimate_point`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.estimate_point, { id: point.id, key: 1, value: '2', description: '', estimate: active.id });
    assert.equal((await client.patch<Body>(itemPath, { estimate_point: null })).body.estimate_point, null);
  });

  it('replaces points (keys may swap); removed points and deleted estimates clear what used them', async () => {
    const p = await buildProject(h.db);
    const client = await h.as(p.creator.id);
    const estimate = await createEstimate(client, p, 'Hours', ['1', '2', '3'], 'time');
    await link(client, p, estimate.id);
    const [one, two, three] = estimate.points as [Point, Point, Point];
    const keep = await buildWorkItem(h.db, { project: p });
    const lose = await buildWorkItem(h.db, { project: p });
    await client.patch(path(p, `/issues/${keep.id}/`), { estimate_point: one.id });
    await client.patch(path(p, `/issues/${lose.id}/`), { estimate_point: three.id });

    const changed = await client.patch<Estimate>(path(p, `/estimates/${estimate.id}/`), {
      estimate: { name: 'Hours (revised)' },
      estimate_points: [
        { id: one.id, key: 1, value: '1' },
        { id: two.id, key: 0, value: '0.5' },
        { key: 2, value: '8' },
      ],
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.name, 'Hours (revised)');
    assert.deepEqual(
      changed.body.points.map((x) => [x.key, x.value]),
      [
        [0, '0.5'],
        [1, '1'],
        [2, '8'],
      ],
    );
    assert.ok(!changed.body.points.some((x) => x.id === three.id));
    const pointOf = async (id: string) =>
      (await h.db.query<{ estimate_point: string | null }>('SELECT estimate_point FROM issues WHERE id = $1', [id])).rows[0]
        ?.estimate_point;
    assert.equal(await pointOf(keep.id), one.id);
    assert.equal(await pointOf(lose.id), null);

    const foreignPoint = await createEstimate(client, await buildProject(h.db, { workspace: p.workspace, creator: p.creator }), 'F', ['1']);
    const stolen = await client.patch(path(p, `/estimates/${estimate.id}/`), {
      estimate_points: [{ id: foreignPoint.points[0]?.id, key: 0, value: '1' }],
    });
    assert.equal(stolen.status, 400);
    assert.equal((await client.patch(path(p, `/estimates/${estimate.id}/`), { estimate: { type: 'points' } })).status, 200);
    const words = await client.patch(path(p, `/estimates/${estimate.id}/`), { estimate_points: [{ key: 0, value: 'big' }] });
    assert.equal(words.status, 400);

    assert.equal((await client.delete(path(p, `/estimates/${estimate.id}/`))).status, 204);
    assert.equal((await client.get(path(p, `/estimates/${estimate.id}/`))).status, 404);
    assert.equal((await client.delete(path(p, `/estimates/${estimate.id}/`))).status, 404);
    assert.equal((await client.get<Body>(path(p))).body.estimate, null);
    assert.equal(await pointOf(keep.id), null);
  });
});
