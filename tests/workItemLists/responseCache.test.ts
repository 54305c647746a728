// The list and board response cache (server/api/routes/workItemLists/responseCache.ts) can never
// serve a stale answer:
//   - every table a cached answer's statements read (from their plans) bumps the project's list
//     data version on INSERT, UPDATE and DELETE, in the writing transaction (0017);
//   - for each of those tables, a write — through the API or straight in SQL — is in the very next
//     read; so is a commit that lands while another writer's transaction is still open;
//   - guests limited to their own items never see another viewer's cached answer, and the
//     membership check runs on every request (a removed member is refused at once);
//   - the cache is really used (a change made with the triggers switched off stays invisible until
//     the next real write), its LRU is bounded by bytes, and folding the version deltas keeps it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ResponseCache } from '../../server/api/routes/workItemLists/responseCache.ts';
import { parseListQuery } from '../../server/api/routes/workItemLists/parseListQuery.ts';
import {
  compactAllListVersions,
  compactListVersions,
  LIST_VERSION_ROWS_TO_COMPACT,
} from '../../server/repositories/listVersionsRepository.ts';
import type { BaseScope, ListScope } from '../../server/repositories/workItemListQuery.ts';
import {
  boardGroupKeys,
  type ListingRequest,
  listingStatement,
  loadProjectStates,
  metaStatement,
  resolveStateScope,
  type Statement,
} from '../../server/repositories/workItemListsRepository.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Client, startApiHarness } from '../helpers/apiHarness.ts';

/** The tables whose writes bump a project's list version (0017). */
const VERSIONED = [
  'issues',
  'issue_assignees',
  'issue_labels',
  'states',
  'labels',
  'projects',
  'work_item_counts',
  'work_item_member_counts',
];

let h: ApiHarness;
let project: ProjectFixture;
let admin: Client;
let member: UserRow;
let labelIds: string[];
let base: string;

interface Item {
  id: string;
  name: string;
  sequence_id: number;
  assignee_ids: string[];
  label_ids: string[];
  created_by: string;
}
interface ListBody {
  total_count: number;
  results: Item[];
}
interface BoardBody {
  groups: { key: string | null; count: number }[];
}

const list = async (client: Client, query = ''): Promise<ListBody> => {
  const res = await client.get<ListBody>(`${base}?per_page=100${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const board = async (client: Client, groupBy: string, query = ''): Promise<BoardBody> => {
  const res = await client.get<BoardBody>(`${base}?group_by=${groupBy}&per_page=5${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const version = async (): Promise<bigint> =>
  BigInt(
    (
      await h.db.query<{ v: string }>('SELECT coalesce(sum(n), 0)::text AS v FROM work_item_list_versions WHERE project_id = $1', [
        project.id,
      ])
    ).rows[0]?.v ?? '0',
  );

/** Relation names a statement's plan reads. */
async function relationsOf(statement: Statement): Promise<Set<string>> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'Relation Name' && typeof v === 'string') names.add(v);
        else walk(v);
      }
    }
  };
  const { rows } = await h.db.query<{ 'QUERY PLAN': unknown }>({
    text: `EXPLAIN (FORMAT JSON) ${statement.sql}`,
    values: statement.values,
  });
  walk(rows[0]?.['QUERY PLAN']);
  return names;
}

before(async () => {
  h = await startApiHarness();
  project = await buildProject(h.db);
  admin = await h.as(project.creator.id);
  member = await buildUser(h.db);
  await addProjectMember(h.db, project, member, 15);
  labelIds = [];
  for (let k = 0; k < 3; k += 1) labelIds.push((await buildLabel(h.db, project, { sort_order: k })).id);
  for (let k = 0; k < 6; k += 1)
    await buildWorkItem(h.db, { project, name: `Seed ${k}`, assignees: k % 2 ? [member.id] : [], labels: labelIds.slice(0, k % 3) });
  base = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/issues/`;
});

after(async () => {
  await h.close();
});

describe('list response cache: what invalidates it', () => {
  it('every table a cacheable answer reads bumps the version on insert, update and delete', async () => {
    const queries = [
      '',
      'order_by=-updated_at&state_group=backlog,started&priority=urgent,high,none',
      `assignees=${member.id}&labels=${labelIds[0]},none&order_by=priority`,
      `created_by=${project.creator.id}&start_date_after=2020-01-01&target_date_before=2030-01-01&parent=none&search=Seed`,
      'archived=only&is_draft=true&order_by=target_date',
      'group_by=state&order_by=sort_order',
      'group_by=priority&priority=high,low',
      'group_by=labels',
      `group_by=labels&labels=${labelIds[1]}&state_group=started`,
    ];
    const read = new Set<string>();
    for (const q of queries) {
      const parsed = parseListQuery(Object.fromEntries(new URLSearchParams(q)));
      for (const onlyCreatedBy of [null, member.id]) {
        const scope: BaseScope = { projectId: project.id, identifier: project.identifier, onlyCreatedBy, filters: parsed.filters };
        const states = await loadProjectStates(h.db, scope);
        const full: ListScope = { ...scope, stateScope: resolveStateScope(states, parsed.filters) };
        const request: ListingRequest = parsed.groupBy
          ? { kind: 'board', groupBy: parsed.groupBy, orderBy: parsed.orderBy, perGroup: parsed.perPage }
          : { kind: 'list', orderBy: parsed.orderBy, perPage: parsed.perPage, cursor: null };
        const keys = parsed.groupBy ? boardGroupKeys(full, parsed.groupBy, states, labelIds) : [];
        for (const statement of [
          metaStatement(scope, parsed.groupBy),
          listingStatement(full, request, keys, { fingerprint: true }),
          listingStatement(full, request, keys, { counts: null }),
        ])
          for (const name of await relationsOf(statement)) read.add(name);
      }
    }
    const unversioned = [...read].filter((t) => !VERSIONED.includes(t));
    assert.deepEqual(unversioned, [], 'tables read by cached answers without a version bump');
    assert.ok(read.has('issues') && read.has('states') && read.has('issue_labels'), [...read].join());

    const { rows } = await h.db.query<{ table: string; events: string[] }>(
      `SELECT c.relname AS table, array_agg(DISTINCT e.event ORDER BY e.event) AS events
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         CROSS JOIN LATERAL (VALUES (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE')) AS e(bit, event)
        WHERE t.tgname LIKE 'work_item_list_bump_%' AND NOT t.tgisinternal AND (t.tgtype & e.bit) <> 0
          AND (t.tgtype & 1) = 0 AND t.tgenabled <> 'D'
        GROUP BY 1`,
    );
    const events = Object.fromEntries(rows.map((r) => [r.table, r.events]));
    for (const table of VERSIONED) assert.deepEqual(events[table], ['DELETE', 'INSERT', 'UPDATE'], `${table}: statement triggers`);
  });

  it('a write straight in SQL to each versioned table is in the next read', async () => {
    const [target] = (await list(admin)).results;
    assert.ok(target);
    // issues
    await list(admin);
    await h.db.query("UPDATE issues SET name = 'Renamed in SQL' WHERE id = $1", [target.id]);
    assert.equal((await list(admin)).results.find((r) => r.id === target.id)?.name, 'Renamed in SQL');
    // issue_assignees
    const assignee = async (): Promise<string[] | undefined> => (await list(admin)).results.find((r) => r.id === target.id)?.assignee_ids;
    await h.db.query('DELETE FROM issue_assignees WHERE issue_id = $1', [target.id]);
    assert.deepEqual(await assignee(), []);
    await h.db.query(
      'INSERT INTO issue_assignees (issue_id, assignee_id, project_id, workspace_id, created_by) VALUES ($1, $2, $3, $4, $2)',
      [target.id, member.id, project.id, project.workspace_id],
    );
    assert.deepEqual(await assignee(), [member.id]);
    // issue_labels
    await h.db.query('INSERT INTO issue_labels (issue_id, label_id, project_id, workspace_id, created_by) VALUES ($1, $2, $3, $4, $5)', [
      target.id,
      labelIds[2],
      project.id,
      project.workspace_id,
      member.id,
    ]);
    assert.ok((await list(admin)).results.find((r) => r.id === target.id)?.label_ids.includes(labelIds[2] ?? ''));
    // states: a new state is a new board column; regrouping moves items in or out of a filter
    const columns = async (): Promise<(string | null)[]> => (await board(admin, 'state')).groups.map((g) => g.key);
    const before = await columns();
    const { rows } = await h.db.query<{ id: string }>(
      `INSERT INTO states (project_id, workspace_id, name, color, "group", sequence, slug)
       VALUES ($1, $2, 'Made in SQL', '#000000', 'started', 99999, 'made-in-sql') RETURNING id`,
      [project.id, project.workspace_id],
    );
    const stateId = rows[0]?.id ?? '';
    assert.deepEqual(await columns(), [...before, stateId]);
    await h.db.query('UPDATE issues SET state_id = $1 WHERE id = $2', [stateId, target.id]);
    assert.equal(
      (await list(admin, '&state_group=started')).results.some((r) => r.id === target.id),
      true,
    );
    await h.db.query(`UPDATE states SET "group" = 'completed' WHERE id = $1`, [stateId]);
    assert.equal(
      (await list(admin, '&state_group=started')).results.some((r) => r.id === target.id),
      false,
    );
    // labels: the columns of a board by labels
    const labelColumns = async (): Promise<(string | null)[]> => (await board(admin, 'labels')).groups.map((g) => g.key);
    assert.ok((await labelColumns()).includes(labelIds[2] ?? ''));
    await h.db.query('UPDATE labels SET deleted_at = now() WHERE id = $1', [labelIds[2]]);
    assert.ok(!(await labelColumns()).includes(labelIds[2] ?? ''));
    // projects: the identifier a KEY-n search matches
    const search = async (text: string): Promise<string[]> =>
      (await list(admin, `&search=${encodeURIComponent(text)}`)).results.map((r) => r.id);
    const newKey = `Q${project.identifier.slice(1)}`.slice(0, 12);
    assert.deepEqual(await search(`${newKey}-${target.sequence_id}`), []);
    await h.db.query('UPDATE projects SET identifier = $1 WHERE id = $2', [newKey, project.id]);
    assert.deepEqual(await search(`${newKey}-${target.sequence_id}`), [target.id]);
    await h.db.query('UPDATE projects SET identifier = $1 WHERE id = $2', [project.identifier, project.id]);
    // issues again: delete
    await h.db.query('DELETE FROM issues WHERE id = $1', [target.id]);
    assert.equal(
      (await list(admin)).results.some((r) => r.id === target.id),
      false,
    );
  });

  it('a write through the API is in the next read, for items, assignees, labels, states and labels', async () => {
    const created = await admin.post<{ id: string }>(base, { name: 'Through the API', label_ids: [labelIds[0]] });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const find = async (): Promise<Item | undefined> => (await list(admin)).results.find((r) => r.id === id);
    assert.equal((await find())?.name, 'Through the API');
    assert.equal(
      (await admin.patch(`${base}${id}/`, { name: 'Renamed', assignee_ids: [member.id], label_ids: [labelIds[1]] })).status,
      200,
    );
    const item = await find();
    assert.deepEqual([item?.name, item?.assignee_ids, item?.label_ids], ['Renamed', [member.id], [labelIds[1]]]);
    const states = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    const before = (await board(admin, 'state')).groups.length;
    const state = await admin.post<{ id: string }>(states, { name: 'New column', color: '#123456', group: 'unstarted' });
    assert.equal(state.status, 201, JSON.stringify(state.body));
    assert.equal((await board(admin, 'state')).groups.length, before + 1);
    const labels = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/labels/`;
    const label = await admin.post<{ id: string }>(labels, { name: 'New label', color: '#654321' });
    assert.equal(label.status, 201, JSON.stringify(label.body));
    assert.ok((await board(admin, 'labels')).groups.some((g) => g.key === label.body.id));
    assert.equal((await admin.delete(`${base}${id}/`)).status, 204);
    assert.equal(await find(), undefined);
  });

  it('a commit that lands while another transaction is open is in the next read, and so is the open one once it commits', async () => {
    const [one, two] = (await list(admin)).results;
    assert.ok(one && two);
    const slow = await h.db.connect();
    try {
      await slow.query('BEGIN');
      await slow.query("UPDATE issues SET name = 'Slow writer' WHERE id = $1", [one.id]);
      await h.db.query("UPDATE issues SET name = 'Fast writer' WHERE id = $1", [two.id]);
      let body = await list(admin);
      assert.equal(body.results.find((r) => r.id === two.id)?.name, 'Fast writer');
      assert.equal(body.results.find((r) => r.id === one.id)?.name, one.name);
      await slow.query('COMMIT');
      body = await list(admin);
      assert.equal(body.results.find((r) => r.id === one.id)?.name, 'Slow writer');
    } finally {
      await slow.query('ROLLBACK').catch(() => undefined);
      slow.release();
    }
  });
});

describe('list response cache: who sees what', () => {
  it('guests limited to their own items never get another viewer’s answer', async () => {
    const guests = [await buildUser(h.db), await buildUser(h.db)];
    for (const g of guests) await addProjectMember(h.db, project, g, 5);
    for (const g of guests) await buildWorkItem(h.db, { project, creator: g, name: `Own of ${g.id}` });
    const clients = await Promise.all(guests.map((g) => h.as(g.id)));
    const everyone = (await list(admin)).results.length;
    for (let round = 0; round < 2; round += 1)
      for (const [k, client] of clients.entries()) {
        const body = await list(client);
        assert.deepEqual(
          body.results.map((r) => r.created_by),
          [guests[k]?.id],
          `guest ${k}, round ${round}`,
        );
        assert.equal(body.total_count, 1);
      }
    await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [project.id]);
    try {
      assert.equal((await list(clients[0] as Client)).results.length, everyone);
    } finally {
      await h.db.query('UPDATE projects SET guest_view_all_features = false WHERE id = $1', [project.id]);
    }
    assert.equal((await list(clients[0] as Client)).results.length, 1);
  });

  it('a board by assignees (columns ordered by members’ names, not project data) is never served from the cache', async () => {
    const columns = async (): Promise<(string | null)[]> => (await board(admin, 'assignees')).groups.map((g) => g.key);
    await h.db.query("UPDATE users SET display_name = 'aaaa first' WHERE id = $1", [member.id]);
    assert.equal((await columns())[0], member.id);
    await h.db.query("UPDATE users SET display_name = 'zzzz last' WHERE id = $1", [member.id]);
    const after = await columns();
    assert.equal(after[after.length - 2], member.id, after.join());
  });

  it('membership is checked on every request: a removed member is refused at once', async () => {
    const leaving = await buildUser(h.db);
    await addProjectMember(h.db, project, leaving, 15);
    const client = await h.as(leaving.id);
    await list(client);
    await list(client);
    await h.db.query('UPDATE project_members SET is_active = false WHERE project_id = $1 AND member_id = $2', [project.id, leaving.id]);
    assert.equal((await client.get(`${base}?per_page=100`)).status, 404);
    assert.equal((await client.get(`${base}?group_by=state`)).status, 404);
  });
});

describe('list response cache: mechanics', () => {
  it('answers do come from the cache: a change that bumps nothing stays unseen until a real write', async () => {
    const [target] = (await list(admin)).results;
    assert.ok(target);
    await list(admin);
    const tx = await h.db.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('ALTER TABLE issues DISABLE TRIGGER work_item_list_bump_update');
      await tx.query("UPDATE issues SET name = 'Unannounced' WHERE id = $1", [target.id]);
      await tx.query('ALTER TABLE issues ENABLE TRIGGER work_item_list_bump_update');
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
    assert.equal((await list(admin)).results.find((r) => r.id === target.id)?.name, target.name);
    // A different query is answered afresh; any real write moves the version for all.
    assert.equal((await list(admin, '&order_by=created_at')).results.find((r) => r.id === target.id)?.name, 'Unannounced');
    await h.db.query('UPDATE labels SET name = name WHERE id = $1', [labelIds[0]]);
    assert.equal((await list(admin)).results.find((r) => r.id === target.id)?.name, 'Unannounced');
  });

  it('folding the version deltas keeps the version (and the cached answers valid)', async () => {
    for (let k = 0; k <= LIST_VERSION_ROWS_TO_COMPACT; k += 1)
      await h.db.query('UPDATE issues SET name = name WHERE id = (SELECT id FROM issues WHERE project_id = $1 LIMIT 1)', [project.id]);
    const v = await version();
    await list(admin);
    // The read above found too many rows and folded them (off its path); fold again to be sure.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await compactListVersions(h.db, project.id), true);
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_item_list_versions WHERE project_id = $1', [
      project.id,
    ]);
    assert.equal(rows[0]?.n, 1);
    assert.equal(await version(), v);
  });

  it('a transaction adds one delta per project however many statements it runs, even across a rolled-back savepoint', async () => {
    const rows = async (): Promise<number> =>
      (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_item_list_versions WHERE project_id = $1', [project.id]))
        .rows[0]?.n ?? 0;
    await compactListVersions(h.db, project.id);
    const [v0, r0] = [await version(), await rows()];
    const tx = await h.db.connect();
    try {
      await tx.query('BEGIN');
      for (let k = 0; k < 5; k += 1) await tx.query(`UPDATE labels SET name = name WHERE id = $1`, [labelIds[0]]);
      await tx.query('SAVEPOINT s');
      await tx.query(`UPDATE states SET name = name WHERE project_id = $1`, [project.id]);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      await tx.query('COMMIT');
      assert.deepEqual([await version(), await rows()], [v0 + 1n, r0 + 1]);
      // The only bump made inside a savepoint that rolls back is undone with it; the next
      // statement of the transaction bumps again.
      await tx.query('BEGIN');
      await tx.query('SAVEPOINT s');
      await tx.query(`UPDATE labels SET name = name WHERE id = $1`, [labelIds[0]]);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      await tx.query(`UPDATE states SET name = name WHERE project_id = $1`, [project.id]);
      await tx.query('COMMIT');
      assert.equal(await version(), v0 + 2n);
    } finally {
      await tx.query('ROLLBACK').catch(() => undefined);
      tx.release();
    }
  });

  it('the hourly job folds every project’s deltas (sums kept) and drops those of deleted projects', async () => {
    const other = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    for (let k = 0; k < 12; k += 1)
      await h.db.query('UPDATE projects SET name = name WHERE id = ANY($1::uuid[])', [[project.id, other.id]]);
    const v = await version();
    const gone = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    await h.db.query('DELETE FROM projects WHERE id = $1', [gone.id]);
    const result = await compactAllListVersions(h.db);
    assert.ok(result.projects >= 2 && result.orphans >= 1, JSON.stringify(result));
    const { rows } = await h.db.query<{ project_id: string; n: number }>(
      'SELECT project_id, count(*)::int AS n FROM work_item_list_versions WHERE project_id = ANY($1::uuid[]) GROUP BY 1',
      [[project.id, other.id, gone.id]],
    );
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.project_id, r.n])), { [project.id]: 1, [other.id]: 1 });
    assert.equal(await version(), v);
  });

  it('the LRU is bounded by bytes, drops the least recently used first, and never serves another version', () => {
    const cache = new ResponseCache(800, 400);
    const body = (n: number): Buffer => Buffer.alloc(n, 'x');
    cache.set('a', '1', body(300));
    cache.set('b', '1', body(300));
    assert.ok(cache.get('a', '1'));
    cache.set('c', '1', body(300));
    assert.ok(cache.bytes <= 800);
    assert.equal(cache.get('b', '1'), null, 'b was least recently used');
    assert.ok(cache.get('a', '1') && cache.get('c', '1'));
    cache.set('big', '1', body(500));
    assert.equal(cache.get('big', '1'), null, 'larger than one entry may be');
    assert.equal(cache.get('a', '2'), null, 'another version is a miss');
    cache.set('a', '5', body(10));
    cache.set('a', '4', body(20));
    assert.equal(cache.get('a', '5')?.length, 10, 'an older answer never replaces a newer one');
    assert.equal(cache.get('a', '4'), null);
  });
});
