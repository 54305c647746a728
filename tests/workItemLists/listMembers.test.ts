// The copies of an item's assignees and labels that lists read (issues.list_assignee_ids /
// list_label_ids, 0017) always equal issue_assignees / issue_labels: through the API's creates and
// set replacements, deleted labels and users, hard deletes and a project's cascade, and two
// transactions changing one item's set at the same time (each commit's copy includes the other's).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Client, startApiHarness } from '../helpers/apiHarness.ts';

let h: ApiHarness;
let project: ProjectFixture;
let admin: Client;
let members: UserRow[];
let labelIds: string[];
let base: string;

/** Items whose copies differ from their source rows (every project). */
async function drift(): Promise<string[]> {
  const { rows } = await h.db.query<{ id: string }>(
    `SELECT i.id FROM issues i
      WHERE i.list_assignee_ids <> ARRAY(SELECT a.assignee_id FROM issue_assignees a WHERE a.issue_id = i.id ORDER BY a.assignee_id)
         OR i.list_label_ids <> ARRAY(SELECT l.label_id FROM issue_labels l WHERE l.issue_id = i.id ORDER BY l.label_id)`,
  );
  return rows.map((r) => r.id);
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort();

before(async () => {
  h = await startApiHarness();
  project = await buildProject(h.db);
  admin = await h.as(project.creator.id);
  members = [project.creator, await buildUser(h.db), await buildUser(h.db), await buildUser(h.db)];
  for (const m of members.slice(1)) await addProjectMember(h.db, project, m, 15);
  labelIds = [];
  for (let k = 0; k < 4; k += 1) labelIds.push((await buildLabel(h.db, project, { sort_order: k })).id);
  base = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/issues/`;
});

after(async () => {
  await h.close();
});

describe('list copies of assignees and labels', () => {
  it('follow creates and set replacements, and the list shows them in id order', async () => {
    const ids: string[] = [];
    for (let k = 0; k < 6; k += 1) {
      const res = await admin.post<{ id: string }>(base, {
        name: `Item ${k}`,
        assignee_ids: members.slice(0, k % 4).map((m) => m.id),
        label_ids: labelIds.slice(k % 3),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      ids.push(res.body.id);
    }
    await admin.patch(`${base}${ids[0]}/`, { assignee_ids: [members[2]?.id, members[1]?.id], label_ids: [labelIds[3]] });
    await admin.patch(`${base}${ids[1]}/`, { assignee_ids: [], label_ids: [] });
    await admin.patch(`${base}${ids[2]}/`, { label_ids: [labelIds[0], labelIds[2]] });
    assert.deepEqual(await drift(), []);
    const list = await admin.get<{ results: { id: string; assignee_ids: string[]; label_ids: string[] }[] }>(`${base}?per_page=100`);
    assert.equal(list.status, 200);
    for (const item of list.body.results) {
      const detail = await admin.get<{ assignee_ids: string[]; label_ids: string[] }>(`${base}${item.id}/`);
      assert.deepEqual(item.assignee_ids, sorted(detail.body.assignee_ids), item.id);
      assert.deepEqual(item.label_ids, sorted(detail.body.label_ids), item.id);
    }
    const first = list.body.results.find((r) => r.id === ids[0]);
    assert.deepEqual(first?.assignee_ids, sorted([members[2]?.id ?? '', members[1]?.id ?? '']));
  });

  it('follow deleted labels and users, hard deletes and a project cascade', async () => {
    const items = [];
    for (let k = 0; k < 4; k += 1)
      items.push(await buildWorkItem(h.db, { project, assignees: members.slice(1).map((m) => m.id), labels: labelIds.slice(0, 3) }));
    const res = await admin.delete(`/api/workspaces/${project.workspace.slug}/projects/${project.id}/labels/${labelIds[0]}/`);
    assert.ok(res.status < 300, JSON.stringify(res.body));
    await h.db.query('DELETE FROM labels WHERE id = $1', [labelIds[1]]);
    await h.db.query('DELETE FROM users WHERE id = $1', [members[3]?.id]);
    await h.db.query('DELETE FROM issues WHERE id = $1', [items[0]?.id]);
    assert.deepEqual(await drift(), []);
    const { rows } = await h.db.query<{ labels: string[] }>('SELECT list_label_ids::text[] AS labels FROM issues WHERE id = $1', [
      items[1]?.id,
    ]);
    assert.ok(!rows[0]?.labels.includes(labelIds[1] ?? ''), 'a hard-deleted label leaves the copy');

    const other = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    const label = await buildLabel(h.db, other);
    await buildWorkItem(h.db, { project: other, assignees: [project.creator.id], labels: [label.id] });
    await h.db.query('DELETE FROM projects WHERE id = $1', [other.id]);
    assert.deepEqual(await drift(), []);
  });

  it('a copy filled in at insert is kept when right (row not rewritten) and corrected when wrong', async () => {
    const insert = async (assignees: string[]): Promise<string> => {
      const { rows } = await h.db.query<{ id: string }>(
        `WITH s AS (UPDATE project_issue_sequences SET last_sequence = last_sequence + 1 WHERE project_id = $2 RETURNING last_sequence)
         INSERT INTO issues (workspace_id, project_id, sequence_id, name, list_assignee_ids, created_by, updated_by)
         SELECT $1, $2, s.last_sequence, 'Prefilled', $3::uuid[], $4, $4 FROM s
         RETURNING id`,
        [project.workspace_id, project.id, sorted(assignees), project.creator.id],
      );
      return rows[0]?.id ?? '';
    };
    const assign = (id: string, who: (string | undefined)[]): Promise<unknown> =>
      h.db.query(
        `INSERT INTO issue_assignees (issue_id, assignee_id, project_id, workspace_id, created_by)
         SELECT $1, a, $2, $3, $4 FROM unnest($5::uuid[]) AS a`,
        [id, project.id, project.workspace_id, project.creator.id, who],
      );
    const rowOf = async (id: string): Promise<{ version: string; a: string[] } | undefined> =>
      (
        await h.db.query<{ version: string; a: string[] }>(
          'SELECT xmin::text AS version, list_assignee_ids::text[] AS a FROM issues WHERE id = $1',
          [id],
        )
      ).rows[0];
    const right = await insert([members[1]?.id ?? '', members[2]?.id ?? '']);
    const before = await rowOf(right);
    await assign(right, [members[2]?.id, members[1]?.id]);
    assert.deepEqual(await rowOf(right), before, 'a right copy is left as it is');
    const wrong = await insert([members[0]?.id ?? '']);
    await assign(wrong, [members[1]?.id]);
    assert.deepEqual((await rowOf(wrong))?.a, [members[1]?.id]);
    assert.deepEqual(await drift(), []);
  });

  it('two transactions changing one item at once: the later commit includes the earlier', async () => {
    const item = await buildWorkItem(h.db, { project, assignees: [members[0]?.id ?? ''], labels: [] });
    const a = await h.db.connect();
    const b = await h.db.connect();
    try {
      const add = (c: typeof a, table: 'issue_assignees' | 'issue_labels', column: string, id: string): Promise<unknown> =>
        c.query(`INSERT INTO ${table} (issue_id, ${column}, project_id, workspace_id, created_by) VALUES ($1, $2, $3, $4, $5)`, [
          item.id,
          id,
          project.id,
          project.workspace_id,
          project.creator.id,
        ]);
      // a adds an assignee and holds its transaction open; b adds another and must wait for a's
      // commit, then compute the set from a snapshot that includes it.
      await a.query('BEGIN');
      await b.query('BEGIN');
      await add(a, 'issue_assignees', 'assignee_id', members[1]?.id ?? '');
      const waiting = add(b, 'issue_assignees', 'assignee_id', members[2]?.id ?? '');
      await new Promise((r) => setTimeout(r, 100));
      await a.query('COMMIT');
      await waiting;
      await b.query('COMMIT');
      // The same for an add against a remove, and for labels.
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query('DELETE FROM issue_assignees WHERE issue_id = $1 AND assignee_id = $2', [item.id, members[0]?.id]);
      await add(a, 'issue_labels', 'label_id', labelIds[2] ?? '');
      const waiting2 = Promise.all([
        add(b, 'issue_labels', 'label_id', labelIds[3] ?? ''),
        // (queued on b's connection after the insert above)
        b.query('SELECT 1'),
      ]);
      await new Promise((r) => setTimeout(r, 100));
      await a.query('COMMIT');
      await waiting2;
      await b.query('COMMIT');
    } finally {
      await a.query('ROLLBACK').catch(() => undefined);
      await b.query('ROLLBACK').catch(() => undefined);
      a.release();
      b.release();
    }
    const { rows } = await h.db.query<{ a: string[]; l: string[] }>(
      'SELECT list_assignee_ids::text[] AS a, list_label_ids::text[] AS l FROM issues WHERE id = $1',
      [item.id],
    );
    assert.deepEqual(rows[0]?.a, sorted([members[1]?.id ?? '', members[2]?.id ?? '']));
    assert.deepEqual(rows[0]?.l, sorted([labelIds[2] ?? '', labelIds[3] ?? '']));
    assert.deepEqual(await drift(), []);
  });
});
