// GET …/projects/:projectId/issues/: every filter, every order_by, keyset pagination (forwards,
// backwards, stable under inserts and deletes), boards with per-group counts, 400 for malformed
// input, 404 across workspaces, the guest rule. The expected answers are computed here from the
// rows read back with plain SQL, not by the code under test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type ApiHarness, type Client, startApiHarness } from '../helpers/apiHarness.ts';

interface Item {
  id: string;
  sequence_id: number;
  name: string;
  state_id: string | null;
  priority: string;
  sort_order: number;
  start_date: string | null;
  target_date: string | null;
  completed_at: string | null;
  archived_at: string | null;
  is_draft: boolean;
  parent_id: string | null;
  assignee_ids: string[];
  label_ids: string[];
  created_at: string;
  updated_at: string;
  created_by: string | null;
}
interface ListBody {
  grouped_by: null;
  order_by: string;
  total_count: number;
  count: number;
  per_page: number;
  next_cursor: string | null;
  prev_cursor: string | null;
  next_page_results: boolean;
  prev_page_results: boolean;
  results: Item[];
}
interface BoardBody {
  grouped_by: string;
  order_by: string;
  total_count: number;
  per_page: number;
  fields: string[];
  groups: { key: string | null; count: number; next_cursor: string | null; results: unknown[][] }[];
}

/** A row as read back with plain SQL: the oracle's view of an item. */
interface Truth {
  id: string;
  sequence_id: number;
  name: string;
  state_id: string | null;
  state_group: string | null;
  priority: string;
  sort_order: number;
  start_date: string | null;
  target_date: string | null;
  archived: boolean;
  is_draft: boolean;
  deleted: boolean;
  parent_id: string | null;
  assignees: string[];
  labels: string[];
  created_by: string | null;
  /** microseconds since the epoch, exact */
  created_us: bigint;
  updated_us: bigint;
}

let h: ApiHarness;
let project: ProjectFixture;
let owner: UserRow;
let m1: UserRow;
let m2: UserRow;
let guest: UserRow;
let admin: Client;
let states: { id: string; name: string; group: string }[];
let labels: { id: string; name: string }[];
let base: string;
const itemIds: string[] = [];

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'];

async function truth(): Promise<Truth[]> {
  const { rows } = await h.db.query<Omit<Truth, 'created_us' | 'updated_us'> & { created_us: string; updated_us: string }>(
    `SELECT i.id, i.sequence_id, i.name, i.state_id, s."group" AS state_group, i.priority, i.sort_order,
            to_char(i.start_date, 'YYYY-MM-DD') AS start_date, to_char(i.target_date, 'YYYY-MM-DD') AS target_date,
            i.archived_at IS NOT NULL AS archived, i.is_draft, i.deleted_at IS NOT NULL AS deleted, i.parent_id, i.created_by,
            ARRAY(SELECT assignee_id::text FROM issue_assignees WHERE issue_id = i.id) AS assignees,
            ARRAY(SELECT label_id::text FROM issue_labels WHERE issue_id = i.id) AS labels,
            (extract(epoch FROM i.created_at) * 1000000)::bigint::text AS created_us,
            (extract(epoch FROM i.updated_at) * 1000000)::bigint::text AS updated_us
       FROM issues i LEFT JOIN states s ON s.id = i.state_id WHERE i.project_id = $1`,
    [project.id],
  );
  return rows.map((r) => ({ ...r, created_us: BigInt(r.created_us), updated_us: BigInt(r.updated_us) }));
}

/** What the default list shows: live, not archived, not a draft, not in Triage. */
const visible = (t: Truth): boolean => !t.deleted && !t.archived && !t.is_draft && t.state_group !== 'triage';

const cmp = <T extends string | number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
const rank = (p: string): number => PRIORITIES.indexOf(p);
type Order = (a: Truth, b: Truth) => number;
const byId: Order = (a, b) => cmp(a.id, b.id);
const asc =
  (...keys: ((t: Truth) => string | number | bigint)[]): Order =>
  (a, b) => {
    for (const k of keys) {
      const c = cmp(k(a), k(b));
      if (c) return c;
    }
    return byId(a, b);
  };
const desc =
  (order: Order): Order =>
  (a, b) =>
    -order(a, b);
const dateAsc = (get: (t: Truth) => string | null) => (t: Truth) => get(t) ?? '9999-99-99';
const dateDesc = (get: (t: Truth) => string | null) => (t: Truth) => get(t) ?? '0000-00-00';
const ORACLE: Record<string, Order> = {
  '-created_at': desc(asc((t) => t.created_us)),
  created_at: asc((t) => t.created_us),
  '-updated_at': desc(asc((t) => t.updated_us)),
  updated_at: asc((t) => t.updated_us),
  sort_order: asc((t) => t.sort_order),
  '-sort_order': desc(asc((t) => t.sort_order)),
  priority: asc(
    (t) => rank(t.priority),
    (t) => t.sort_order,
  ),
  '-priority': desc(
    asc(
      (t) => rank(t.priority),
      (t) => t.sort_order,
    ),
  ),
  start_date: asc(dateAsc((t) => t.start_date)),
  '-start_date': desc(asc(dateDesc((t) => t.start_date))),
  target_date: asc(dateAsc((t) => t.target_date)),
  '-target_date': desc(asc(dateDesc((t) => t.target_date))),
};

async function list(query: string, client: Client = admin): Promise<ListBody> {
  const res = await client.get<ListBody>(`${base}?${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function board(query: string, client: Client = admin): Promise<BoardBody> {
  const res = await client.get<BoardBody>(`${base}?${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every id of the list, walking next_cursor. */
async function walk(query: string, client: Client = admin, from?: string): Promise<{ ids: string[]; pages: ListBody[] }> {
  const pages: ListBody[] = [];
  let page = await list(from ? `${query}&cursor=${from}` : query, client);
  pages.push(page);
  while (page.next_cursor) {
    page = await list(`${query}&cursor=${page.next_cursor}`, client);
    pages.push(page);
    assert.ok(pages.length < 200, 'the walk does not end');
  }
  return { ids: pages.flatMap((p) => p.results.map((r) => r.id)), pages };
}

const sortedIds = (ts: Truth[], order: Order = ORACLE['-created_at'] as Order): string[] => [...ts].sort(order).map((t) => t.id);
const set = (ids: string[]): string[] => [...ids].sort();

before(async () => {
  h = await startApiHarness();
  project = await buildProject(h.db);
  owner = project.creator;
  [m1, m2, guest] = [await buildUser(h.db, { first_name: 'Ann' }), await buildUser(h.db, { first_name: 'Bob' }), await buildUser(h.db)];
  await addProjectMember(h.db, project, m1, 15);
  await addProjectMember(h.db, project, m2, 15);
  await addProjectMember(h.db, project, guest, 5);
  admin = await h.as(owner.id);
  base = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/issues/`;
  states = (
    await h.db.query<{ id: string; name: string; group: string }>(
      'SELECT id, name, "group" FROM states WHERE project_id = $1 ORDER BY sequence',
      [project.id],
    )
  ).rows;
  labels = [];
  for (const [index, name] of ['alpha', 'beta', 'gamma'].entries())
    labels.push(await buildLabel(h.db, project, { name, sort_order: index }));
  const open = states.filter((s) => s.group !== 'triage');
  const [la, lb, lc] = labels.map((l) => l.id) as [string, string, string];
  const labelSets = [[], [la], [lb], [la, lb], [lc]];
  const assigneeSets = [[], [m1.id], [m2.id], [m1.id, m2.id]];
  for (let k = 0; k < 30; k += 1) {
    const creator = k % 10 === 9 ? guest : k % 7 === 0 ? m1 : owner;
    const item = await buildWorkItem(h.db, {
      project,
      creator,
      name: k === 13 ? 'Fix "quotes" \\ and <tags> in names' : `Item ${k} ${k % 2 ? 'alpha' : 'beta'}`,
      state_id: (open[k % open.length] as { id: string }).id,
      priority: PRIORITIES[(k * 3) % 5] as 'none',
      assignees: assigneeSets[k % 4] as string[],
      labels: labelSets[k % 5] as string[],
      start_date: k % 2 === 0 ? `2025-01-${String(k + 1).padStart(2, '0')}` : null,
      target_date: k % 3 !== 0 ? `2025-02-${String((k % 28) + 1).padStart(2, '0')}` : null,
      ...(k >= 20 && k < 24 ? { parent_id: itemIds[0] } : {}),
    });
    itemIds.push(item.id);
  }
  // Ties in the manual order (broken by id), a triage item, a draft, archived and deleted items.
  await h.db.query('UPDATE issues SET sort_order = 500 WHERE id = ANY($1)', [itemIds.slice(5, 9)]);
  const triage = states.find((s) => s.group === 'triage') as { id: string };
  await buildWorkItem(h.db, { project, name: 'Triage item', state_id: triage.id });
  await buildWorkItem(h.db, { project, name: 'Draft item', is_draft: true });
  const done = states.find((s) => s.group === 'completed') as { id: string };
  for (const name of ['Archived one', 'Archived two']) {
    const item = await buildWorkItem(h.db, { project, name, state_id: done.id });
    assert.equal((await admin.post(`${base}${item.id}/archive/`)).status, 200);
  }
  const doomed = await buildWorkItem(h.db, { project, name: 'Deleted item' });
  assert.equal((await admin.delete(`${base}${doomed.id}/`)).status, 204);
  // Some edits so that updated_at differs from created_at order.
  for (const id of [itemIds[3], itemIds[17], itemIds[8]])
    assert.equal((await admin.patch(`${base}${id}/`, { name: 'Edited' })).status, 200);
});

after(async () => {
  await h.close();
});

describe('filters', () => {
  it('the default list: live items, no archived, no drafts, no Triage, newest first; total_count', async () => {
    const all = await truth();
    const expected = sortedIds(all.filter(visible));
    const { ids, pages } = await walk('per_page=100');
    assert.deepEqual(ids, expected);
    assert.equal(pages[0]?.total_count, expected.length);
    assert.equal(pages[0]?.order_by, '-created_at');
    assert.equal(pages[0]?.grouped_by, null);
  });

  it('a list item carries the list fields, ISO timestamps and escaped names', async () => {
    const body = await list('per_page=100&search=quotes');
    assert.equal(body.results.length, 1);
    const item = body.results[0] as Item;
    assert.equal(item.name, 'Fix "quotes" \\ and <tags> in names');
    assert.deepEqual(Object.keys(item), [
      'id',
      'sequence_id',
      'name',
      'state_id',
      'priority',
      'sort_order',
      'start_date',
      'target_date',
      'completed_at',
      'archived_at',
      'is_draft',
      'parent_id',
      'assignee_ids',
      'label_ids',
      'created_at',
      'updated_at',
      'created_by',
    ]);
    const single = await admin.get<{ created_at: string; assignees: string[]; labels: string[]; sequence_id: number }>(
      `${base}${item.id}/`,
    );
    assert.equal(new Date(item.created_at).getTime(), new Date(single.body.created_at).getTime());
    assert.deepEqual(set(item.assignee_ids), set(single.body.assignees));
    assert.deepEqual(set(item.label_ids), set(single.body.labels));
    assert.equal(item.sequence_id, single.body.sequence_id);
  });

  const cases: [string, (t: Truth) => boolean][] = [];
  before(() => {
    const open = states.filter((s) => s.group !== 'triage');
    const open0 = open[0] as { id: string };
    const open1 = open[1] as { id: string };
    const [la, lb] = labels.map((l) => l.id) as [string, string];
    const triage = states.find((s) => s.group === 'triage') as { id: string };
    cases.push(
      [`state=${open0.id}`, (t) => visible(t) && t.state_id === open0.id],
      [`state=${open0.id},${open1.id}`, (t) => visible(t) && (t.state_id === open0.id || t.state_id === open1.id)],
      [`state=${triage.id}`, (t) => !t.deleted && !t.archived && !t.is_draft && t.state_id === triage.id],
      ['state_group=started,completed', (t) => visible(t) && ['started', 'completed'].includes(t.state_group ?? '')],
      ['state_group=triage', (t) => !t.deleted && !t.archived && !t.is_draft && t.state_group === 'triage'],
      [
        `state_group=backlog&state=${open0.id},${open1.id}`,
        (t) => visible(t) && t.state_group === 'backlog' && (t.state_id === open0.id || t.state_id === open1.id),
      ],
      ['priority=urgent,low', (t) => visible(t) && ['urgent', 'low'].includes(t.priority)],
      [`assignees=${m1.id}`, (t) => visible(t) && t.assignees.includes(m1.id)],
      [`assignees=${m1.id},${m2.id}`, (t) => visible(t) && (t.assignees.includes(m1.id) || t.assignees.includes(m2.id))],
      ['assignees=none', (t) => visible(t) && t.assignees.length === 0],
      [`assignees=none,${m2.id}`, (t) => visible(t) && (t.assignees.length === 0 || t.assignees.includes(m2.id))],
      [`labels=${la}`, (t) => visible(t) && t.labels.includes(la)],
      [`labels=${la},${lb}`, (t) => visible(t) && (t.labels.includes(la) || t.labels.includes(lb))],
      ['labels=none', (t) => visible(t) && t.labels.length === 0],
      [`labels=none&assignees=none`, (t) => visible(t) && t.labels.length === 0 && t.assignees.length === 0],
      [`labels=${la}&assignees=${m1.id}`, (t) => visible(t) && t.labels.includes(la) && t.assignees.includes(m1.id)],
      [`created_by=${m1.id},${guest.id}`, (t) => visible(t) && (t.created_by === m1.id || t.created_by === guest.id)],
      ['start_date_after=2025-01-05', (t) => visible(t) && t.start_date !== null && t.start_date >= '2025-01-05'],
      ['start_date_before=2025-01-05', (t) => visible(t) && t.start_date !== null && t.start_date <= '2025-01-05'],
      [
        'target_date_after=2025-02-03&target_date_before=2025-02-10',
        (t) => visible(t) && t.target_date !== null && t.target_date >= '2025-02-03' && t.target_date <= '2025-02-10',
      ],
      [`parent=${itemIds[0]}`, (t) => visible(t) && t.parent_id === itemIds[0]],
      ['parent=none', (t) => visible(t) && t.parent_id === null],
      ['archived=only', (t) => !t.deleted && t.archived && !t.is_draft && t.state_group !== 'triage'],
      ['archived=true', (t) => !t.deleted && !t.is_draft && t.state_group !== 'triage'],
      ['archived=false', visible],
      ['is_draft=true', (t) => !t.deleted && !t.archived && t.is_draft && t.state_group !== 'triage'],
      ['search=alpha', (t) => visible(t) && t.name.toLowerCase().includes('alpha')],
      ['search=ITEM%201', (t) => visible(t) && t.name.toLowerCase().includes('item 1')],
      ['search=100%25', (t) => visible(t) && t.name.includes('100%')],
      [`search=${project.identifier}-3`, (t) => visible(t) && t.sequence_id === 3],
      [`search=${project.identifier.toLowerCase()}-4`, (t) => visible(t) && t.sequence_id === 4],
      ['search=5', (t) => visible(t) && (t.sequence_id === 5 || t.name.includes('5'))],
      ['search=OTHER-5', (t) => visible(t) && t.name.includes('OTHER-5')],
      [
        `priority=high,medium&state_group=backlog,unstarted,started&assignees=${m2.id}`,
        (t) =>
          visible(t) &&
          ['high', 'medium'].includes(t.priority) &&
          ['backlog', 'unstarted', 'started'].includes(t.state_group ?? '') &&
          t.assignees.includes(m2.id),
      ],
    );
  });

  it('each filter (and combinations) returns exactly the matching items, with their total_count', async () => {
    const all = await truth();
    for (const [query, match] of cases) {
      const expected = sortedIds(all.filter(match));
      const { ids, pages } = await walk(`${query}&per_page=4`);
      assert.deepEqual(ids, expected, query);
      assert.equal(pages[0]?.total_count, expected.length, `${query}: total_count`);
      assert.ok(expected.length > 0 || query.includes('OTHER') || query.includes('100%'), `${query} should match something in the fixture`);
    }
  });
});

describe('ordering and pagination', () => {
  it('every order_by, walked page by page, is the full order without gaps or repeats (ties broken by id)', async () => {
    const expectedAll = (await truth()).filter(visible);
    for (const [orderBy, order] of Object.entries(ORACLE)) {
      const { ids, pages } = await walk(`order_by=${orderBy}&per_page=7`);
      assert.deepEqual(ids, sortedIds(expectedAll, order), orderBy);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(pages[0]?.prev_cursor, null);
      assert.equal(pages[0]?.prev_page_results, false);
      assert.equal(pages.at(-1)?.next_page_results, false);
      for (const page of pages) assert.equal(page.total_count, expectedAll.length);
    }
  });

  it('prev_cursor walks back through the same pages', async () => {
    for (const orderBy of ['sort_order', '-priority', 'target_date', '-updated_at']) {
      const { pages } = await walk(`order_by=${orderBy}&per_page=6`);
      assert.ok(pages.length >= 3);
      let page = pages.at(-1) as ListBody;
      for (let index = pages.length - 2; index >= 0; index -= 1) {
        assert.ok(page.prev_cursor, `${orderBy}: page ${index + 1} has a prev_cursor`);
        page = await list(`order_by=${orderBy}&per_page=6&cursor=${page.prev_cursor}`);
        assert.deepEqual(
          page.results.map((r) => r.id),
          pages[index]?.results.map((r) => r.id),
          `${orderBy}: page ${index} backwards`,
        );
        assert.equal(page.next_page_results, true);
      }
      assert.equal(page.prev_cursor, null, `${orderBy}: the first page, reached backwards, has no prev_cursor`);
    }
  });

  it('a cursor is stable under inserts and deletes: no repeats, no skipped survivors', async () => {
    const first = await list('per_page=5');
    const before = (await walk('per_page=100')).ids;
    // New items go to the top of -created_at; an item of the next page is deleted.
    const added = [];
    for (let k = 0; k < 3; k += 1) added.push((await buildWorkItem(h.db, { project, name: `Late ${k}` })).id);
    const victim = before[6] as string;
    assert.equal((await admin.delete(`${base}${victim}/`)).status, 204);
    const rest: string[] = [];
    let page = first;
    while (page.next_cursor) {
      page = await list(`per_page=5&cursor=${page.next_cursor}`);
      rest.push(...page.results.map((r) => r.id));
    }
    assert.deepEqual(
      rest,
      before.slice(5).filter((id) => id !== victim),
    );
    for (const id of added) assert.equal((await admin.delete(`${base}${id}/`)).status, 204);
  });
});

describe('boards', () => {
  const cardOf = (body: BoardBody, row: unknown[]): Record<string, unknown> => Object.fromEntries(body.fields.map((f, i) => [f, row[i]]));

  it('group_by=state: the five open states in order, counts, the first N cards, next_cursor through the list', async () => {
    const all = (await truth()).filter(visible);
    const body = await board('group_by=state&per_page=2');
    const open = states.filter((s) => s.group !== 'triage');
    assert.equal(body.grouped_by, 'state');
    assert.deepEqual(
      body.groups.map((g) => g.key),
      open.map((s) => s.id),
    );
    assert.ok(!body.fields.includes('state_id'), 'the grouped-by field is the group key');
    assert.equal(body.total_count, all.length);
    for (const group of body.groups) {
      const expected = sortedIds(all.filter((t) => t.state_id === group.key));
      assert.equal(group.count, expected.length);
      assert.deepEqual(
        group.results.map((r) => cardOf(body, r).id),
        expected.slice(0, 2),
      );
      // The rest of the group through the flat list.
      const rest = group.next_cursor ? (await walk(`state=${group.key}&per_page=3`, admin, group.next_cursor)).ids : [];
      assert.deepEqual(rest, expected.slice(2));
    }
  });

  it('group_by=priority, labels, assignees: every group, items in several groups, the None group', async () => {
    const all = (await truth()).filter(visible);
    const pri = await board('group_by=priority&per_page=3&order_by=sort_order');
    assert.deepEqual(
      pri.groups.map((g) => g.key),
      PRIORITIES,
    );
    for (const g of pri.groups) {
      const expected = sortedIds(
        all.filter((t) => t.priority === g.key),
        ORACLE.sort_order,
      );
      assert.equal(g.count, expected.length);
      assert.deepEqual(
        g.results.map((r) => cardOf(pri, r).id),
        expected.slice(0, 3),
      );
      assert.ok(g.results.every((r) => cardOf(pri, r).priority === undefined));
    }
    const lab = await board('group_by=labels&per_page=50');
    assert.deepEqual(
      lab.groups.map((g) => g.key),
      [...labels.map((l) => l.id), null],
    );
    for (const g of lab.groups) {
      const expected = sortedIds(all.filter((t) => (g.key === null ? t.labels.length === 0 : t.labels.includes(g.key))));
      assert.equal(g.count, expected.length, `label ${g.key}`);
      assert.deepEqual(
        g.results.map((r) => cardOf(lab, r).id),
        expected,
      );
    }
    assert.equal(lab.total_count, all.length);
    const asg = await board('group_by=assignees&per_page=50');
    // Members by display name: Ann, Bob, then the others; None last.
    assert.equal(asg.groups.at(-1)?.key, null);
    assert.deepEqual(
      asg.groups.slice(0, 2).map((g) => g.key),
      [m1.id, m2.id],
    );
    assert.ok(asg.groups.some((g) => g.key === owner.id) && asg.groups.some((g) => g.key === guest.id));
    for (const g of asg.groups) {
      const expected = sortedIds(all.filter((t) => (g.key === null ? t.assignees.length === 0 : t.assignees.includes(g.key))));
      assert.equal(g.count, expected.length, `assignee ${g.key}`);
      assert.deepEqual(
        g.results.map((r) => cardOf(asg, r).id),
        expected,
      );
    }
  });

  it('sees state changes at once: a new state is a new column, a regrouped one moves, a deleted one goes', async () => {
    const states_ = `/api/workspaces/${project.workspace.slug}/projects/${project.id}/states/`;
    const before = await board('group_by=state&per_page=1');
    const created = await admin.post<{ id: string }>(states_, { name: `Review ${Date.now()}`, color: '#123456', group: 'started' });
    assert.ok(created.status < 300, JSON.stringify(created.body));
    const withNew = await board('group_by=state&per_page=1');
    assert.deepEqual(
      withNew.groups.map((g) => g.key).filter((k) => !before.groups.some((b) => b.key === k)),
      [created.body.id],
    );
    const item = await buildWorkItem(h.db, { project, name: 'In review', state_id: created.body.id });
    assert.ok((await list('state_group=started&per_page=100')).results.some((r) => r.id === item.id));
    const moved = await admin.patch(`${states_}${created.body.id}/`, { group: 'unstarted' });
    assert.ok(moved.status < 300, JSON.stringify(moved.body));
    assert.ok(!(await list('state_group=started&per_page=100')).results.some((r) => r.id === item.id));
    assert.ok((await list('state_group=unstarted&per_page=100')).results.some((r) => r.id === item.id));
    assert.equal((await admin.delete(`${base}${item.id}/`)).status, 204);
    const gone = await admin.delete(`${states_}${created.body.id}/`);
    assert.ok(gone.status < 300, JSON.stringify(gone.body));
    assert.deepEqual(
      (await board('group_by=state&per_page=1')).groups.map((g) => g.key),
      before.groups.map((g) => g.key),
    );
  });

  it('boards with filters count right on every path (counters, member counters, scan)', async () => {
    const all = (await truth()).filter(visible);
    const [la] = labels.map((l) => l.id) as [string];
    const queries: [string, (t: Truth) => boolean][] = [
      [`assignees=${m1.id}`, (t) => t.assignees.includes(m1.id)],
      ['labels=none', (t) => t.labels.length === 0],
      [`created_by=${owner.id}`, (t) => t.created_by === owner.id],
      [
        'priority=urgent,high&state_group=backlog,started',
        (t) => ['urgent', 'high'].includes(t.priority) && ['backlog', 'started'].includes(t.state_group ?? ''),
      ],
      [`labels=${la}`, (t) => t.labels.includes(la)],
      ['search=alpha', (t) => t.name.includes('alpha')],
    ];
    for (const [filter, match] of queries) {
      const matching = all.filter(match);
      for (const groupBy of ['state', 'priority', 'labels', 'assignees']) {
        const body = await board(`group_by=${groupBy}&${filter}&per_page=1`);
        assert.equal(body.total_count, matching.length, `${groupBy} ${filter}: total`);
        for (const g of body.groups) {
          const inGroup = matching.filter((t) =>
            groupBy === 'state'
              ? t.state_id === g.key
              : groupBy === 'priority'
                ? t.priority === g.key
                : groupBy === 'labels'
                  ? g.key === null
                    ? t.labels.length === 0
                    : t.labels.includes(g.key)
                  : g.key === null
                    ? t.assignees.length === 0
                    : t.assignees.includes(g.key),
          );
          assert.equal(g.count, inGroup.length, `${groupBy} ${filter}: group ${g.key}`);
        }
      }
    }
  });
});

describe('errors and access', () => {
  it('malformed values answer 400 with a message naming the parameter', async () => {
    const other = (await list('per_page=1&order_by=sort_order')).next_cursor ?? '';
    const forged = (keys: string[]): string => Buffer.from(JSON.stringify(['-created_at', 'n', ...keys])).toString('base64url');
    const bad: [string, string][] = [
      ['state=abc', 'state'],
      ['state=', 'state'],
      ['state_group=doing', 'state_group'],
      ['priority=extreme', 'priority'],
      ['assignees=1', 'assignees'],
      ['labels=none,xyz', 'labels'],
      ['created_by=none', 'created_by'],
      ['start_date_after=2025-13-01', 'start_date_after'],
      ['target_date_before=2025-02-30', 'target_date_before'],
      ['start_date_after=2025-02-01&start_date_before=2025-01-01', 'start_date_after'],
      ['parent=abc', 'parent'],
      ['archived=maybe', 'archived'],
      ['is_draft=yes', 'is_draft'],
      ['order_by=name', 'order_by'],
      ['group_by=cycle', 'group_by'],
      ['per_page=0', 'per_page'],
      ['per_page=101', 'per_page'],
      ['per_page=1.5', 'per_page'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${other}`, 'cursor'],
      [`cursor=${forged(['2025-01-01 00:00:00', 'not-a-uuid'])}`, 'cursor'],
      [`cursor=${forged(['2025-99-99 00:00:00', '00000000-0000-0000-0000-000000000000'])}`, 'cursor'],
      [`cursor=${forged(['2025-01-01 25:00:00', '00000000-0000-0000-0000-000000000000'])}`, 'cursor'],
      [`group_by=state&cursor=${other}`, 'cursor'],
      [`search=${'x'.repeat(300)}`, 'search'],
      [`state=${'a'.repeat(5000)}`, 'state'],
      ['search=nul%00byte', 'search'],
      ['labels=%00', 'labels'],
    ];
    for (const [query, name] of bad) {
      const res = await admin.get<{ error: string }>(`${base}?${query}`);
      assert.equal(res.status, 400, `${query.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      assert.match(res.body.error, new RegExp(name), query.slice(0, 80));
    }
  });

  it('another workspace, a non-member, a wrong project id answer 404; anonymous 401', async () => {
    const stranger = await buildUser(h.db);
    const strangerProject = await buildProject(h.db, { creator: stranger });
    const asStranger = await h.as(stranger.id);
    assert.equal((await asStranger.get(base)).status, 404);
    // Their own slug with our project id, and our slug with their project id.
    assert.equal((await asStranger.get(`/api/workspaces/${strangerProject.workspace.slug}/projects/${project.id}/issues/`)).status, 404);
    assert.equal((await admin.get(`/api/workspaces/${project.workspace.slug}/projects/${strangerProject.id}/issues/`)).status, 404);
    assert.equal((await admin.get(`/api/workspaces/${project.workspace.slug}/projects/not-a-uuid/issues/`)).status, 404);
    // In the workspace but not in the project.
    const outsider = await buildUser(h.db);
    await h.db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 15)', [
      project.workspace_id,
      outsider.id,
    ]);
    assert.equal((await (await h.as(outsider.id)).get(base)).status, 404);
    assert.equal((await h.anonymous.get(base)).status, 401);
  });

  it('a guest sees only the items they created (and counts only those), unless guest_view_all_features', async () => {
    const asGuest = await h.as(guest.id);
    const all = (await truth()).filter(visible);
    const own = all.filter((t) => t.created_by === guest.id);
    assert.ok(own.length > 0 && own.length < all.length);
    const { ids, pages } = await walk('per_page=2', asGuest);
    assert.deepEqual(ids, sortedIds(own));
    assert.equal(pages[0]?.total_count, own.length);
    const b = await board('group_by=state&per_page=10', asGuest);
    assert.equal(b.total_count, own.length);
    assert.equal(
      b.groups.reduce((a, g) => a + g.count, 0),
      own.length,
    );
    await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [project.id]);
    try {
      assert.deepEqual((await walk('per_page=50', asGuest)).ids, sortedIds(all));
    } finally {
      await h.db.query('UPDATE projects SET guest_view_all_features = false WHERE id = $1', [project.id]);
    }
  });
});
