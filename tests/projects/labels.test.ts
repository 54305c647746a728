// Labels: list, create, read, update, nesting (same project, no cycles), delete, scoping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildLabel } from '../factories/projects.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam, NIL_UUID } from './setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

type Label = Body & { id: string; name: string; parent: string | null; color: string };

describe('labels', () => {
  it('creates (201), lists, reads and updates labels with every contract field', async () => {
    const team = await buildTeam(h);
    const created = await team.as.member.post<Label>(`${team.base}/labels/`, {
      name: ' Bug ',
      color: '#FF0000',
      description: 'Something broke',
      sort_order: 10,
      external_source: 'jira',
      external_id: 'B-1',
      id: NIL_UUID,
      project: NIL_UUID,
      workspace: NIL_UUID,
      created_by: team.guest.id,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const label = created.body;
    assert.equal(label.name, 'Bug');
    assert.equal(label.color, '#FF0000');
    assert.equal(label.description, 'Something broke');
    assert.equal(label.sort_order, 10);
    assert.equal(label.parent, null);
    assert.equal(label.project, team.project.id);
    assert.equal(label.workspace, team.workspace.id);
    assert.equal(label.created_by, team.member.id);
    assert.equal(label.external_source, 'jira');
    assert.notEqual(label.id, NIL_UUID);
    const defaults = await team.as.member.post<Label>(`${team.base}/labels`, { name: 'Plain' });
    assert.equal(defaults.body.color, '#858E96');
    const list = await team.as.guest.get<Label[]>(`${team.base}/labels`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((l) => l.name),
      ['Bug', 'Plain'],
    );
    assert.equal((await team.as.guest.get<Label>(`${team.base}/labels/${label.id}`)).body.name, 'Bug');
    const patched = await team.as.member.patch<Label>(`${team.base}/labels/${label.id}`, {
      name: 'Defect',
      color: '#00ff00',
      project: NIL_UUID,
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Defect');
    assert.equal(patched.body.color, '#00ff00');
    assert.equal(patched.body.project, team.project.id);
    assert.equal((await team.as.guest.post(`${team.base}/labels`, { name: 'Guest label' })).status, 403);
    assert.equal((await team.as.guest.patch(`${team.base}/labels/${label.id}`, { name: 'Guest' })).status, 403);
    assert.equal((await team.as.outsider.get(`${team.base}/labels`)).status, 404);
  });

  it('rejects bad input with 400 and a duplicate name (any case) with 409', async () => {
    const team = await buildTeam(h);
    const existing = await buildLabel(h.db, team.project, { name: 'Feature' });
    const url = `${team.base}/labels`;
    for (const [body, pattern] of [
      [{}, /name/],
      [{ name: '' }, /name/],
      [{ name: 'z'.repeat(256) }, /name/],
      [{ name: 'Colour', color: 'green' }, /color/],
      [{ name: 'Order', sort_order: 'last' }, /sort_order/],
      [{ name: 'Obj', description: { a: 1 } }, /description/],
    ] as [Record<string, unknown>, RegExp][]) {
      const res = await team.as.admin.post(url, body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 60)} → ${JSON.stringify(res.body)}`);
      assert.match(String(res.body.error), pattern);
    }
    const dup = await team.as.admin.post(url, { name: 'feature' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.id, existing.id);
    const other = await buildLabel(h.db, team.project, { name: 'Other' });
    const renamed = await team.as.admin.patch(`${url}/${other.id}`, { name: 'FEATURE' });
    assert.equal(renamed.status, 409);
    assert.equal(renamed.body.id, existing.id);
    // The same name in another project is fine.
    const elsewhere = await buildTeam(h);
    assert.equal((await elsewhere.as.admin.post(`${elsewhere.base}/labels`, { name: 'Feature' })).status, 201);
  });

  it('nests labels under a parent of the same project, without cycles', async () => {
    const team = await buildTeam(h);
    const url = `${team.base}/labels`;
    const root = await team.as.admin.post<Label>(url, { name: 'Area' });
    const child = await team.as.admin.post<Label>(url, { name: 'Area/API', parent: root.body.id });
    assert.equal(child.status, 201);
    assert.equal(child.body.parent, root.body.id);
    const grandchild = await team.as.admin.post<Label>(url, { name: 'Area/API/v1', parent: child.body.id });
    assert.equal(grandchild.body.parent, child.body.id);
    const self = await team.as.admin.patch(`${url}/${root.body.id}`, { parent: root.body.id });
    assert.equal(self.status, 400);
    const cycle = await team.as.admin.patch(`${url}/${root.body.id}`, { parent: grandchild.body.id });
    assert.equal(cycle.status, 400);
    assert.match(String(cycle.body.error), /sub-labels/);
    const other = await buildTeam(h);
    const foreign = await buildLabel(h.db, other.project);
    const sameWs = await buildTeam(h);
    const neighbour = await buildLabel(h.db, sameWs.project);
    for (const parent of [foreign.id, neighbour.id, NIL_UUID, 'nope']) {
      const res = await team.as.admin.post(url, { name: `Child of ${parent}`, parent });
      assert.equal(res.status, 400, parent);
      assert.match(String(res.body.error), /parent/);
      assert.equal((await team.as.admin.patch(`${url}/${child.body.id}`, { parent })).status, 400);
    }
    const unnested = await team.as.admin.patch<Label>(`${url}/${child.body.id}`, { parent: null });
    assert.equal(unnested.body.parent, null);
    const { rows } = await h.db.query('SELECT parent FROM labels WHERE id = $1', [grandchild.body.id]);
    assert.equal(rows[0].parent, child.body.id);
  });

  it('deletes a label with its sub-labels (204) and takes them off work items', async () => {
    const team = await buildTeam(h);
    const parent = await buildLabel(h.db, team.project);
    const child = await buildLabel(h.db, team.project, { parent });
    const keep = await buildLabel(h.db, team.project);
    const issue = await h.db.query<{ id: string }>(
      'INSERT INTO issues (workspace_id, project_id, sequence_id, name) VALUES ($1, $2, 1, $3) RETURNING id',
      [team.project.workspace_id, team.project.id, 'Item'],
    );
    const issueId = issue.rows[0]?.id;
    for (const label of [child, keep])
      await h.db.query('INSERT INTO issue_labels (issue_id, label_id, project_id, workspace_id) VALUES ($1, $2, $3, $4)', [
        issueId,
        label.id,
        team.project.id,
        team.project.workspace_id,
      ]);
    assert.equal((await team.as.guest.delete(`${team.base}/labels/${parent.id}`)).status, 403);
    assert.equal((await team.as.member.delete(`${team.base}/labels/${parent.id}`)).status, 204);
    const list = await team.as.member.get<Label[]>(`${team.base}/labels`);
    assert.deepEqual(
      list.body.map((l) => l.id),
      [keep.id],
    );
    assert.equal((await team.as.member.get(`${team.base}/labels/${child.id}`)).status, 404);
    const onItem = await h.db.query('SELECT label_id FROM issue_labels WHERE issue_id = $1', [issueId]);
    assert.deepEqual(onItem.rows, [{ label_id: keep.id }]);
    assert.equal((await team.as.member.delete(`${team.base}/labels/${parent.id}`)).status, 404);
    // The deleted name is free again.
    assert.equal((await team.as.member.post(`${team.base}/labels`, { name: parent.name })).status, 201);
  });

  it('answers 404 for a missing, malformed, or another project’s / workspace’s label', async () => {
    const team = await buildTeam(h);
    const other = await buildTeam(h);
    const foreign = await buildLabel(h.db, other.project);
    for (const id of [NIL_UUID, 'x', foreign.id]) {
      const url = `${team.base}/labels/${id}`;
      assert.equal((await team.as.admin.get(url)).status, 404);
      assert.equal((await team.as.admin.patch(url, { name: 'Hijack' })).status, 404);
      assert.equal((await team.as.admin.delete(url)).status, 404);
    }
    const { rows } = await h.db.query('SELECT name, deleted_at FROM labels WHERE id = $1', [foreign.id]);
    assert.deepEqual(rows[0], { name: foreign.name, deleted_at: null });
  });
});
