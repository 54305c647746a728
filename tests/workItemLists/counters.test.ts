// The trigger-maintained counters of 0008 stay exact through everything that changes work items —
// creates, edits, set replacements, archive, drafts, soft and hard deletes, a deleted label, a
// project's cascade, concurrent writers — and compaction keeps them exact; the board and the list
// totals read them (a planted delta shows up in a counter-answered total, not in a scanned one).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactWorkItemCounts } from '../../server/repositories/workItemListsRepository.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { type ApiHarness, type Client, startApiHarness } from '../helpers/apiHarness.ts';

let h: ApiHarness;
let project: ProjectFixture;
let admin: Client;
let members: UserRow[];
let labelIds: string[];
let stateIds: Record<string, string>;
let base: string;

/** Rows where the counters (summed) and a count of the items themselves disagree, for one project. */
async function counterDrift(projectId: string): Promise<number> {
  const { rows } = await h.db.query<{ drift: number }>(
    `WITH truth AS (
       SELECT i.state_id, i.priority, i.archived_at IS NOT NULL AS archived, i.is_draft AS draft, i.parent_id IS NULL AS top_level,
              NOT EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id) AS no_a,
              NOT EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id) AS no_l, count(*)::int AS n
         FROM issues i WHERE i.project_id = $1 AND i.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
     ), counted AS (
       SELECT state_id, priority, archived, draft, top_level, no_assignee, no_label, sum(n)::int AS n
         FROM work_item_counts WHERE project_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
     ), member_truth AS (
       SELECT m.kind, m.member_id, i.state_id, i.priority, i.archived_at IS NOT NULL AS archived, i.is_draft AS draft,
              i.parent_id IS NULL AS top_level, count(*)::int AS n
         FROM issues i
         JOIN (SELECT issue_id, 'a'::"char" AS kind, assignee_id AS member_id FROM issue_assignees
               UNION ALL SELECT issue_id, 'l'::"char", label_id FROM issue_labels) m ON m.issue_id = i.id
        WHERE i.project_id = $1 AND i.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
     ), member_counted AS (
       SELECT kind, member_id, state_id, priority, archived, draft, top_level, sum(n)::int AS n
         FROM work_item_member_counts WHERE project_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
     )
     SELECT ((SELECT count(*) FROM ((TABLE truth EXCEPT TABLE counted) UNION ALL (TABLE counted EXCEPT TABLE truth)) x)
           + (SELECT count(*) FROM ((TABLE member_truth EXCEPT TABLE member_counted) UNION ALL (TABLE member_counted EXCEPT TABLE member_truth)) y))::int AS drift`,
    [projectId],
  );
  return rows[0]?.drift ?? -1;
}

interface BoardBody {
  total_count: number;
  groups: { key: string | null; count: number }[];
}

/** The API's board counts equal counts of the items themselves, for every grouping. */
async function assertBoards(query = ''): Promise<void> {
  const visible = `i.project_id = $1 AND i.deleted_at IS NULL AND i.is_draft = ${query.includes('is_draft=true')} AND ${
    query.includes('archived=only') ? 'i.archived_at IS NOT NULL' : 'i.archived_at IS NULL'
  } AND NOT coalesce((SELECT is_triage FROM states s WHERE s.id = i.state_id), false)${query.includes('parent=none') ? ' AND i.parent_id IS NULL' : ''}`;
  const truth = async (sql: string): Promise<Map<string | null, number>> => {
    const { rows } = await h.db.query<{ key: string | null; n: number }>(sql, [project.id]);
    return new Map(rows.map((r) => [r.key, r.n]));
  };
  const expected: Record<string, Map<string | null, number>> = {
    state: await truth(`SELECT i.state_id::text AS key, count(*)::int AS n FROM issues i WHERE ${visible} GROUP BY 1`),
    priority: await truth(`SELECT i.priority AS key, count(*)::int AS n FROM issues i WHERE ${visible} GROUP BY 1`),
    labels: await truth(
      `SELECT l.label_id::text AS key, count(*)::int AS n FROM issues i JOIN issue_labels l ON l.issue_id = i.id WHERE ${visible} GROUP BY 1
       UNION ALL SELECT NULL, count(*)::int FROM issues i WHERE ${visible} AND NOT EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id)`,
    ),
    assignees: await truth(
      `SELECT a.assignee_id::text AS key, count(*)::int AS n FROM issues i JOIN issue_assignees a ON a.issue_id = i.id WHERE ${visible} GROUP BY 1
       UNION ALL SELECT NULL, count(*)::int FROM issues i WHERE ${visible} AND NOT EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id)`,
    ),
  };
  const total = (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues i WHERE ${visible}`, [project.id])).rows[0]?.n;
  for (const [groupBy, counts] of Object.entries(expected)) {
    const res = await admin.get<BoardBody>(`${base}?group_by=${groupBy}&per_page=1${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total_count, total, `${groupBy}${query}: total`);
    for (const g of res.body.groups) assert.equal(g.count, counts.get(g.key) ?? 0, `${groupBy}${query}: group ${g.key}`);
  }
}

async function assertExact(): Promise<void> {
  assert.equal(await counterDrift(project.id), 0, 'counters drifted from the items');
  await assertBoards();
  await assertBoards('&parent=none');
}

const pick = <T>(xs: readonly T[], k: number): T => xs[k % xs.length] as T;

async function create(k: number, extra: Record<string, unknown> = {}): Promise<string> {
  const states = Object.values(stateIds);
  const res = await admin.post<{ id: string }>(base, {
    name: `Counted ${k}`,
    state_id: pick(states, k),
    priority: pick(['urgent', 'high', 'medium', 'low', 'none'], k * 7),
    assignee_ids: members.slice(0, k % 3).map((m) => m.id),
    label_ids: labelIds.slice(k % 2, (k % 4) + 1),
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

before(async () => {
  h = await startApiHarness();
  project = await buildProject(h.db);
  admin = await h.as(project.creator.id);
  members = [project.creator, await buildUser(h.db), await buildUser(h.db)];
  for (const m of members.slice(1)) await addProjectMember(h.db, project, m, 15);
  labelIds = [];
  for (let k = 0; k < 4; k += 1) labelIds.push((await buildLabel(h.db, project, { sort_order: k })).id);
  const { rows } = await h.db.query<{ id: string; group: string }>(
    'SELECT id, "group" FROM states WHERE project_id = $1 AND NOT is_triage ORDER BY sequence',
    [project.id],
  );
  stateIds = Object.fromEntries(rows.map((r) => [r.group, r.id]));
  base = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/issues/`;
});

after(async () => {
  await h.close();
});

describe('work-item counters', () => {
  const ids: string[] = [];

  it('stay exact through creates and edits of state, priority, labels and assignees', async () => {
    for (let k = 0; k < 16; k += 1) ids.push(await create(k));
    await assertExact();
    for (const [k, id] of ids.entries()) {
      const patch =
        k % 4 === 0
          ? { state_id: stateIds.started }
          : k % 4 === 1
            ? { priority: 'urgent', label_ids: [] }
            : k % 4 === 2
              ? { assignee_ids: [members[1]?.id], label_ids: labelIds, parent_id: ids[0] }
              : { name: 'Only the name changes' };
      const res = await admin.patch(`${base}${id}/`, patch);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await assertExact();
    // A sub-item back at the top level.
    assert.equal((await admin.patch(`${base}${ids[2]}/`, { parent_id: null })).status, 200);
    await assertExact();
  });

  it('stay exact through archive / restore, drafts and publish', async () => {
    for (const id of ids.slice(0, 3)) {
      assert.equal((await admin.patch(`${base}${id}/`, { state_id: stateIds.completed })).status, 200);
      assert.equal((await admin.post(`${base}${id}/archive/`)).status, 200);
    }
    assert.equal((await admin.delete(`${base}${ids[0]}/archive/`)).status < 300, true);
    const draft = await create(100, { is_draft: true });
    await assertExact();
    await assertBoards('&archived=only');
    await assertBoards('&is_draft=true');
    assert.equal((await admin.post(`${base}${draft}/publish/`)).status, 200);
    ids.push(draft);
    await assertExact();
  });

  it('stay exact through soft deletes, hard deletes, a deleted label and concurrent writers', async () => {
    for (const id of ids.slice(3, 6)) assert.equal((await admin.delete(`${base}${id}/`)).status, 204);
    await assertExact();
    // The purge job's hard delete of a soft-deleted item, and a direct hard delete of a live one.
    await h.db.query('DELETE FROM issues WHERE id = ANY($1)', [[ids[3], ids[7]]]);
    await assertExact();
    const label = labelIds.pop() as string;
    const res = await admin.delete(`/api/workspaces/${project.workspace.slug}/projects/${project.id}/labels/${label}/`);
    assert.ok(res.status < 300, JSON.stringify(res.body));
    // Plane soft-deletes labels; a hard delete cascades to the items' label rows.
    await h.db.query('DELETE FROM labels WHERE id = $1', [label]);
    await assertExact();
    const live = ids.filter((_, k) => k >= 8);
    const results = await Promise.all(
      live.flatMap((id, k) => [
        admin.patch(`${base}${id}/`, { state_id: pick(Object.values(stateIds), k + 1), label_ids: labelIds.slice(0, (k % 3) + 1) }),
        admin.patch(`${base}${id}/`, { priority: pick(['low', 'high'], k), assignee_ids: members.slice(k % 2).map((m) => m.id) }),
      ]),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      results.map(() => 200),
    );
    const created = await Promise.all(Array.from({ length: 12 }, (_, k) => create(200 + k)));
    ids.push(...created);
    await assertExact();
  });

  it('compaction folds the deltas into one row per key and changes no count', async () => {
    const rowsOf = async (): Promise<number> =>
      (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_item_counts WHERE project_id = $1', [project.id])).rows[0]?.n ??
      0;
    // Writes append deltas (the lists read above may already have folded the older ones).
    for (let k = 0; k < 4; k += 1) ids.push(await create(400 + k));
    const before = await rowsOf();
    await compactWorkItemCounts(h.db, project.id);
    const afterRows = await rowsOf();
    const keys = (
      await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM work_item_counts WHERE project_id = $1
           GROUP BY state_id, priority, archived, draft, top_level, no_assignee, no_label) x`,
        [project.id],
      )
    ).rows[0]?.n;
    // (A compaction a list read set off may have folded some first: "at most" is what is certain.)
    assert.ok(afterRows <= before, `${afterRows} rows after, ${before} before`);
    assert.equal(afterRows, keys);
    // Two compactors at once: one waits out, nothing is lost or doubled.
    await Promise.all([
      compactWorkItemCounts(h.db, project.id),
      compactWorkItemCounts(h.db, project.id),
      create(300).then((id) => ids.push(id)),
    ]);
    await assertExact();
  });

  it('are what answers unfiltered totals: a planted delta shows there, not in a scanned count', async () => {
    const total = async (query: string): Promise<number> =>
      (await admin.get<{ total_count: number }>(`${base}?per_page=1${query}`)).body.total_count;
    const [countedBefore, scannedBefore] = [await total(''), await total(`&created_by=${project.creator.id}`)];
    await h.db.query(
      `INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
       VALUES ($1, $2, 'none', false, false, true, true, true, 1000)`,
      [project.id, stateIds.backlog],
    );
    try {
      assert.equal(await total(''), countedBefore + 1000);
      assert.equal(await total(`&created_by=${project.creator.id}`), scannedBefore);
    } finally {
      await h.db.query('DELETE FROM work_item_counts WHERE project_id = $1 AND n = 1000', [project.id]);
    }
    assert.equal(await total(''), countedBefore);
  });

  it("a project's cascade delete leaves its counters at zero", async () => {
    const other = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    const otherBase = `/api/workspaces/${project.workspace.slug}/projects/${other.id}/issues/`;
    const label = await buildLabel(h.db, other);
    for (let k = 0; k < 3; k += 1) {
      const res = await admin.post(otherBase, { name: `Doomed ${k}`, label_ids: [label.id], assignee_ids: [project.creator.id] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await h.db.query('DELETE FROM projects WHERE id = $1', [other.id]);
    const { rows } = await h.db.query<{ items: number; members: number }>(
      `SELECT (SELECT coalesce(sum(n), 0)::int FROM work_item_counts WHERE project_id = $1) AS items,
              (SELECT coalesce(sum(n), 0)::int FROM work_item_member_counts WHERE project_id = $1) AS members`,
      [other.id],
    );
    assert.deepEqual(rows[0], { items: 0, members: 0 });
    await assertExact();
  });
});
