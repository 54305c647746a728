// /api/v1 work items under both `/issues/` and `/work-items/`: create/read/update/delete with Plane's
// status codes and object, the rules (dates, members, references from the project only, default
// state, external ids), the list (envelope, order_by, cursors walked over 2,500 items both ways),
// the lookup by human key, and fields/expand. Every answer is checked against its documented schema
// (except ?fields= answers, which leave keys out on purpose).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../server/api/access/roles.ts';
import { buildUser, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, buildState, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import type { Body, Response } from '../helpers/apiHarness.ts';
import { type ApiHarness, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';

type Item = Record<string, unknown> & { id: string; sequence_id: number };
type Envelope = {
  results: Item[];
  next_cursor: string;
  prev_cursor: string;
  next_page_results: boolean;
  prev_page_results: boolean;
  total_count: number;
  total_results: number;
  count: number;
  total_pages: number;
};

const SPELLINGS = ['issues', 'work-items'] as const;

describe('/api/v1 work items', () => {
  let h: ApiHarness;
  let checker: SchemaChecker;
  let project: ProjectFixture;
  let admin: V1Client;
  let member: UserRow;
  let memberClient: V1Client;
  let guestClient: V1Client;
  /** Another project of the same workspace, and one in another workspace. */
  let sibling: ProjectFixture;
  let foreign: ProjectFixture;

  const base = (p: ProjectFixture = project, spelling: (typeof SPELLINGS)[number] = 'work-items') =>
    `/workspaces/${p.workspace.slug}/projects/${p.id}/${spelling}`;

  /** A request whose answer is checked against the route's documented schema. */
  async function call<T = Body>(client: V1Client, method: string, path: string, body?: unknown): Promise<Response<T>> {
    const res = await client.request<T>(method, path, body);
    if (!path.includes('fields=')) checker.check(method, path, res.status, res.body);
    return res;
  }

  before(async () => {
    h = await startApiHarness();
    checker = await SchemaChecker.load(h.app);
    project = await buildProject(h.db);
    admin = await v1As(h, project.creator.id);
    member = await buildUser(h.db);
    await addProjectMember(h.db, project, member, ROLE.member);
    memberClient = await v1As(h, member.id);
    const guest = await buildUser(h.db);
    await addProjectMember(h.db, project, guest, ROLE.guest);
    guestClient = await v1As(h, guest.id);
    sibling = await buildProject(h.db, { workspace: project.workspace, creator: project.creator });
    foreign = await buildProject(h.db);
  });
  after(() => h.close());

  it('create → 201 with Plane’s object, the default state, and the same item under both spellings', async () => {
    for (const spelling of SPELLINGS) {
      const made = await call<Item>(admin, 'POST', `${base(project, spelling)}/`, {
        name: `  Made via ${spelling}  `,
        priority: 'high',
        description_html: '<p>Hello <script>alert(1)</script></p>',
        // Forbidden fields are ignored, never stored.
        id: '00000000-0000-4000-8000-000000000000',
        project: sibling.id,
        workspace: foreign.workspace_id,
        sequence_id: 999,
        created_by: member.id,
      });
      assert.equal(made.status, 201);
      const item = made.body;
      assert.equal(item.name, `Made via ${spelling}`);
      assert.equal(item.priority, 'high');
      assert.equal(item.project, project.id);
      assert.equal(item.workspace, project.workspace_id);
      assert.equal(item.created_by, project.creator.id);
      assert.notEqual(item.id, '00000000-0000-4000-8000-000000000000');
      assert.doesNotMatch(String(item.description_html), /script/);
      const { rows } = await h.db.query<{ id: string }>(
        `SELECT s.id FROM states s JOIN projects p ON p.id = s.project_id WHERE p.id = $1 AND (s.id = p.default_state OR s."default")`,
        [project.id],
      );
      assert.equal(item.state, rows[0]?.id, 'no state → the project default');
      for (const key of ['type_id', 'type', 'description_binary', 'start_date', 'target_date', 'sort_order', 'point', 'completed_at']) {
        assert.ok(key in item, `has ${key}`);
      }
      assert.deepEqual(item.assignees, []);
      assert.deepEqual(item.labels, []);
      for (const other of SPELLINGS) {
        const read = await call<Item>(admin, 'GET', `${base(project, other)}/${item.id}/`);
        assert.equal(read.status, 200);
        assert.equal(read.body.id, item.id);
        // Without the trailing slash too (the MCP server drops it).
        assert.equal((await call(admin, 'GET', `${base(project, other)}/${item.id}`)).status, 200);
      }
    }
  });

  it('PATCH under both spellings: assignees and labels replace the sets; DELETE → 204, then 404', async () => {
    const labelA = await buildLabel(h.db, project);
    const labelB = await buildLabel(h.db, project);
    const item = await buildWorkItem(h.db, { project, assignees: [project.creator.id], labels: [labelA.id] });
    const first = await call<Item>(admin, 'PATCH', `${base(project, 'issues')}/${item.id}/`, {
      assignees: [member.id],
      labels: [labelB.id, labelA.id],
      start_date: '2026-01-02',
      target_date: '2026-01-05',
    });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.assignees, [member.id]);
    assert.deepEqual([...(first.body.labels as string[])].sort(), [labelA.id, labelB.id].sort());
    assert.equal(first.body.start_date, '2026-01-02');
    const second = await call<Item>(admin, 'PATCH', `${base(project, 'work-items')}/${item.id}/`, { labels: [], name: 'Renamed' });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.labels, []);
    assert.deepEqual(second.body.assignees, [member.id], 'untouched set stays');
    assert.equal(second.body.name, 'Renamed');

    for (const spelling of SPELLINGS) {
      const doomed = await buildWorkItem(h.db, { project });
      const gone = await call(admin, 'DELETE', `${base(project, spelling)}/${doomed.id}/`);
      assert.equal(gone.status, 204);
      const missing = await call(admin, 'GET', `${base(project, spelling)}/${doomed.id}/`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error, 'The requested resource does not exist.');
      assert.equal((await call(admin, 'DELETE', `${base(project, spelling)}/${doomed.id}/`)).status, 404);
    }
    assert.equal((await call(admin, 'GET', `${base()}/not-a-uuid/`)).status, 404);
  });

  it('dates: start after target → 400 on create and update; a bad date → 400', async () => {
    const bad = await call(admin, 'POST', `${base()}/`, { name: 'x', start_date: '2026-02-10', target_date: '2026-02-01' });
    assert.equal(bad.status, 400);
    assert.ok(Array.isArray(bad.body.start_date));
    const item = await buildWorkItem(h.db, { project, start_date: '2026-02-01' });
    assert.equal((await call(admin, 'PATCH', `${base()}/${item.id}/`, { target_date: '2026-01-01' })).status, 400);
    assert.equal((await call(admin, 'PATCH', `${base()}/${item.id}/`, { target_date: '2026-02-30' })).status, 400);
    assert.equal((await call(admin, 'POST', `${base()}/`, { name: '' })).status, 400);
    assert.equal((await call(admin, 'POST', `${base()}/`, { name: 'x', priority: 'critical' })).status, 400);
  });

  it('ids in bodies from another project or workspace are refused (400) and never stored', async () => {
    const siblingState = await buildState(h.db, sibling);
    const siblingLabel = await buildLabel(h.db, sibling);
    const siblingItem = await buildWorkItem(h.db, { project: sibling });
    const foreignState = await buildState(h.db, foreign);
    const foreignItem = await buildWorkItem(h.db, { project: foreign });
    const outsider = await buildUser(h.db);
    const siblingOnly = await buildUser(h.db);
    await addProjectMember(h.db, sibling, siblingOnly, ROLE.member);
    const guestRow = await h.db.query<{ member_id: string }>('SELECT member_id FROM project_members WHERE project_id = $1 AND role = 5', [
      project.id,
    ]);
    const bodies: Array<[string, Record<string, unknown>]> = [
      ['state', { state: siblingState.id }],
      ['state', { state: foreignState.id }],
      ['labels', { labels: [siblingLabel.id] }],
      ['parent', { parent: siblingItem.id }],
      ['parent', { parent: foreignItem.id }],
      ['assignees', { assignees: [outsider.id] }],
      ['assignees', { assignees: [siblingOnly.id] }],
      ['assignees', { assignees: [foreign.creator.id] }],
      ['assignees', { assignees: [guestRow.rows[0]?.member_id] }],
    ];
    const before = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE project_id = $1', [project.id]);
    for (const [field, body] of bodies) {
      const res = await call(admin, 'POST', `${base()}/`, { name: `refused ${field}`, ...body });
      assert.equal(res.status, 400, `create with a foreign ${field} → ${res.status}`);
      assert.ok(Array.isArray(res.body[field]), `names ${field}: ${JSON.stringify(res.body)}`);
    }
    const afterCount = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE project_id = $1', [project.id]);
    assert.equal(afterCount.rows[0]?.n, before.rows[0]?.n, 'nothing created');

    const item = await buildWorkItem(h.db, { project });
    for (const [field, body] of bodies) {
      const res = await call(admin, 'PATCH', `${base(project, 'issues')}/${item.id}/`, body);
      assert.equal(res.status, 400, `patch with a foreign ${field} → ${res.status}`);
    }
    const stored = await call<Item>(admin, 'GET', `${base()}/${item.id}/`);
    assert.equal(stored.body.parent, null);
    assert.deepEqual(stored.body.assignees, []);
    assert.deepEqual(stored.body.labels, []);
    assert.equal(stored.body.state, item.state_id);

    // Another workspace's project in the path: not found, whatever the body.
    assert.equal((await call(admin, 'GET', `${base(foreign)}/`)).status, 404);
    assert.equal((await call(admin, 'POST', `${base(foreign)}/`, { name: 'x' })).status, 404);
    assert.equal((await call(admin, 'GET', `${base(foreign)}/${foreignItem.id}/`)).status, 404);
    assert.equal((await call(admin, 'PATCH', `${base(foreign)}/${foreignItem.id}/`, { name: 'pwned' })).status, 404);
    assert.equal((await call(admin, 'DELETE', `${base(foreign)}/${foreignItem.id}/`)).status, 404);
    // The sibling's item through this project's path: not found either.
    assert.equal((await call(admin, 'GET', `${base()}/${siblingItem.id}/`)).status, 404);
    assert.equal((await call(admin, 'PATCH', `${base()}/${siblingItem.id}/`, { name: 'moved?' })).status, 404);
    const untouched = await h.db.query<{ name: string }>('SELECT name FROM issues WHERE id = ANY($1::uuid[])', [
      [foreignItem.id, siblingItem.id],
    ]);
    assert.ok(untouched.rows.every((r) => r.name !== 'pwned' && r.name !== 'moved?'));
  });

  it('a project member may write; a guest reads only, and only the items they created', async () => {
    const made = await call<Item>(memberClient, 'POST', `${base()}/`, { name: 'by a member', assignees: [member.id] });
    assert.equal(made.status, 201);
    assert.deepEqual(made.body.assignees, [member.id]);
    assert.equal((await call(guestClient, 'POST', `${base()}/`, { name: 'by a guest' })).status, 403);
    assert.equal((await call(guestClient, 'PATCH', `${base()}/${made.body.id}/`, { name: 'guest edit' })).status, 403);
    assert.equal((await call(guestClient, 'DELETE', `${base()}/${made.body.id}/`)).status, 403);
    assert.equal((await call(guestClient, 'GET', `${base()}/${made.body.id}/`)).status, 404);
    const list = await call<Envelope>(guestClient, 'GET', `${base()}/`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total_count, 0);
  });

  it('external ids: a repeated pair → 409 with the existing id; ?external_id=&external_source= → that one object', async () => {
    const body = { name: 'Imported', external_id: 'JIRA-1', external_source: 'jira' };
    const first = await call<Item>(admin, 'POST', `${base()}/`, body);
    assert.equal(first.status, 201);
    assert.equal(first.body.external_id, 'JIRA-1');
    const again = await call(admin, 'POST', `${base(project, 'issues')}/`, body);
    assert.equal(again.status, 409);
    assert.equal(again.body.id, first.body.id);
    assert.equal(typeof again.body.error, 'string');
    // The same pair in another project is fine.
    assert.equal((await call(admin, 'POST', `${base(sibling)}/`, body)).status, 201);
    const one = await call<Item>(admin, 'GET', `${base()}/?external_id=JIRA-1&external_source=jira`);
    assert.equal(one.status, 200);
    assert.equal(one.body.id, first.body.id);
    assert.equal((await call(admin, 'GET', `${base()}/?external_id=JIRA-2&external_source=jira`)).status, 404);
    // A PATCH onto another item's pair conflicts as well.
    const other = await buildWorkItem(h.db, { project });
    const clash = await call(admin, 'PATCH', `${base()}/${other.id}/`, { external_id: 'JIRA-1', external_source: 'jira' });
    assert.equal(clash.status, 409);
  });

  describe('the list', () => {
    let ordered: ProjectFixture;
    let client: V1Client;
    let expected: string[];

    before(async () => {
      ordered = await buildProject(h.db);
      client = await v1As(h, ordered.creator.id);
      const state = await h.db.query<{ id: string }>('SELECT id FROM states WHERE project_id = $1 AND "default"', [ordered.id]);
      // 2,500 items in one statement; created_at repeats in threes, so the id tiebreaker matters.
      await h.db.query(
        `INSERT INTO issues (workspace_id, project_id, sequence_id, name, priority, state_id, sort_order, created_by, updated_by, created_at, updated_at)
         SELECT $1, $2, g, 'Item ' || g, (ARRAY['none','low','medium','high','urgent'])[1 + g % 5], $3, g * 10, $4, $4,
                timestamptz '2026-01-01' + ((g / 3) || ' seconds')::interval, timestamptz '2026-01-01'
           FROM generate_series(1, 2500) AS g`,
        [ordered.workspace_id, ordered.id, state.rows[0]?.id, ordered.creator.id],
      );
      await h.db.query(
        'INSERT INTO project_issue_sequences (project_id, last_sequence) VALUES ($1, 2500) ON CONFLICT (project_id) DO UPDATE SET last_sequence = 2500',
        [ordered.id],
      );
      // Left out of the list, as in Plane: deleted, archived and draft items.
      await h.db.query(
        `UPDATE issues SET deleted_at = CASE WHEN sequence_id = 1 THEN now() END,
                           archived_at = CASE WHEN sequence_id = 2 THEN now() END,
                           is_draft = sequence_id = 3
          WHERE project_id = $1 AND sequence_id <= 3`,
        [ordered.id],
      );
      const { rows } = await h.db.query<{ id: string }>(
        `SELECT id FROM issues WHERE project_id = $1 AND sequence_id > 3 ORDER BY created_at DESC, id DESC`,
        [ordered.id],
      );
      expected = rows.map((r) => r.id);
    });

    it('is Plane’s envelope, newest first by default (per_page default 1000, > 1000 → 400)', async () => {
      const first = await call<Envelope>(client, 'GET', `${base(ordered)}/`);
      assert.equal(first.status, 200);
      assert.equal(first.body.total_count, 2497);
      assert.equal(first.body.total_results, 2497);
      assert.equal(first.body.count, 1000);
      assert.equal(first.body.total_pages, 3);
      assert.equal(first.body.next_cursor, '1000:1:0');
      assert.equal(first.body.next_page_results, true);
      assert.equal(first.body.prev_page_results, false);
      assert.deepEqual(
        first.body.results.map((r) => r.id),
        expected.slice(0, 1000),
      );
      const tooMany = await call(client, 'GET', `${base(ordered)}/?per_page=1001`);
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.detail, 'Invalid per_page value. Cannot exceed 1000.');
      assert.equal((await call(client, 'GET', `${base(ordered)}/?cursor=garbage`)).status, 400);
    });

    it('cursors walk all 2,497 items forwards, then backwards, with no gap and no repeat (both spellings)', async () => {
      for (const spelling of SPELLINGS) {
        const forwards: string[] = [];
        let page = await call<Envelope>(client, 'GET', `${base(ordered, spelling)}/?per_page=100`);
        let pages = 1;
        forwards.push(...page.body.results.map((r) => r.id));
        while (page.body.next_page_results) {
          page = await call<Envelope>(client, 'GET', `${base(ordered, spelling)}/?per_page=100&cursor=${page.body.next_cursor}`);
          assert.equal(page.status, 200);
          forwards.push(...page.body.results.map((r) => r.id));
          pages += 1;
          assert.ok(pages <= 30, 'ends');
        }
        assert.equal(pages, 25);
        assert.equal(new Set(forwards).size, forwards.length, 'no repeats');
        assert.deepEqual(forwards, expected, 'no gaps, in order');

        const backwards: string[][] = [page.body.results.map((r) => r.id)];
        while (page.body.prev_page_results) {
          page = await call<Envelope>(client, 'GET', `${base(ordered, spelling)}/?cursor=${page.body.prev_cursor}`);
          assert.equal(page.status, 200);
          assert.equal(page.body.count, 100, 'the cursor carries its page size');
          backwards.unshift(page.body.results.map((r) => r.id));
        }
        assert.deepEqual(backwards.flat(), expected, 'the same items walking back');
      }
    });

    it('order_by: priority urgent → none (and -priority the reverse), created_at, sequence_id; unknown → 400', async () => {
      const rank = ['urgent', 'high', 'medium', 'low', 'none'];
      const byPriority = await call<Envelope>(
        client,
        'GET',
        `${base(ordered)}/?order_by=priority&per_page=1000&fields=id,priority,sort_order`,
      );
      const priorities = byPriority.body.results.map((r) => rank.indexOf(String(r.priority)));
      assert.deepEqual(
        priorities,
        [...priorities].sort((a, b) => a - b),
      );
      assert.equal(byPriority.body.results[0]?.priority, 'urgent');
      const firstUrgent = byPriority.body.results.filter((r) => r.priority === 'urgent').map((r) => Number(r.sort_order));
      assert.deepEqual(
        firstUrgent,
        [...firstUrgent].sort((a, b) => a - b),
        'manual order within a priority',
      );

      const reverse = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=-priority&per_page=5`);
      assert.equal(reverse.body.results[0]?.priority, 'none');
      const lastPage = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=priority&per_page=1000&cursor=1000:2:0`);
      assert.equal(lastPage.body.results.at(-1)?.priority, 'none');

      // Oldest first is the exact reverse of the default order (ties broken by id the other way round).
      const oldest = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=created_at&per_page=3`);
      assert.deepEqual(
        oldest.body.results.map((r) => r.id),
        expected.slice(-3).reverse(),
      );
      const bySeq = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=-sequence_id&per_page=2`);
      assert.deepEqual(
        bySeq.body.results.map((r) => r.sequence_id),
        [2500, 2499],
      );
      for (const order of ['updated_at', '-updated_at', 'sort_order', '-sort_order', 'start_date', '-target_date', 'name', '-name']) {
        const res = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=${order}&per_page=10`);
        assert.equal(res.status, 200, order);
        assert.equal(res.body.count, 10);
      }
      const sortOrder = await call<Envelope>(client, 'GET', `${base(ordered)}/?order_by=-sort_order&per_page=1`);
      assert.equal(sortOrder.body.results[0]?.sequence_id, 2500);
      const bad = await call(client, 'GET', `${base(ordered)}/?order_by=password_hash`);
      assert.equal(bad.status, 400);
      assert.ok(Array.isArray(bad.body.order_by));
    });
  });

  it('fields keeps only the named keys; expand nests state, assignees, labels, project and parent', async () => {
    const label = await buildLabel(h.db, project, { name: 'Expand me' });
    const parent = await buildWorkItem(h.db, { project });
    const item = await buildWorkItem(h.db, { project, assignees: [member.id], labels: [label.id], parent_id: parent.id });
    const slim = await call<Item>(admin, 'GET', `${base()}/${item.id}/?fields=id,name,sequence_id`);
    assert.deepEqual(Object.keys(slim.body).sort(), ['id', 'name', 'sequence_id']);
    const slimList = await call<Envelope>(admin, 'GET', `${base()}/?fields=id,name&per_page=2`);
    assert.ok(slimList.body.results.every((r) => Object.keys(r).sort().join() === 'id,name'));

    for (const spelling of SPELLINGS) {
      const full = await call<Item>(admin, 'GET', `${base(project, spelling)}/${item.id}/?expand=state,assignees,labels,project,parent`);
      assert.equal(full.status, 200);
      const state = full.body.state as Record<string, unknown>;
      assert.deepEqual(Object.keys(state).sort(), ['color', 'group', 'id', 'name']);
      assert.equal(state.id, item.state_id);
      const [assignee] = full.body.assignees as Array<Record<string, unknown>>;
      assert.equal(assignee?.id, member.id);
      assert.equal(assignee?.email, member.email);
      assert.ok(!('password_hash' in (assignee ?? {})));
      const [expandedLabel] = full.body.labels as Array<Record<string, unknown>>;
      assert.equal(expandedLabel?.name, 'Expand me');
      assert.equal((full.body.project as Record<string, unknown>).identifier, project.identifier);
      assert.deepEqual(full.body.parent, { id: parent.id, sequence_id: parent.sequence_id, project_id: project.id });
    }
    const listed = await call<Envelope>(admin, 'GET', `${base()}/?expand=state&per_page=5`);
    assert.ok(listed.body.results.every((r) => typeof r.state === 'object'));
  });

  it('by human key: workspaces/{ws}/{work-items|issues}/{IDENT}-{seq}/; unknown, malformed or another workspace’s → 404', async () => {
    const item = await buildWorkItem(h.db, { project, name: 'By key' });
    for (const spelling of SPELLINGS) {
      const path = `/workspaces/${project.workspace.slug}/${spelling}/${project.identifier}-${item.sequence_id}/`;
      const res = await call<Item>(admin, 'GET', path);
      assert.equal(res.status, 200, path);
      assert.equal(res.body.id, item.id);
      assert.equal(res.body.name, 'By key');
      const lower = await call<Item>(
        admin,
        'GET',
        `/workspaces/${project.workspace.slug}/${spelling}/${project.identifier.toLowerCase()}-${item.sequence_id}?expand=state`,
      );
      assert.equal(lower.status, 200);
      assert.equal((lower.body.state as Record<string, unknown>).id, item.state_id);
      const slimmed = await call<Item>(admin, 'GET', `${path}?fields=id`);
      assert.deepEqual(Object.keys(slimmed.body), ['id']);
      for (const key of [`${project.identifier}-999999`, 'NOPE-1', `${project.identifier}-abc`, item.id]) {
        assert.equal((await call(admin, 'GET', `/workspaces/${project.workspace.slug}/${spelling}/${key}/`)).status, 404, key);
      }
      const foreignItem = await buildWorkItem(h.db, { project: foreign });
      const theirs = `/workspaces/${foreign.workspace.slug}/${spelling}/${foreign.identifier}-${foreignItem.sequence_id}/`;
      assert.equal((await call(admin, 'GET', theirs)).status, 404);
      // Their key asked inside my workspace does not reach it either.
      assert.equal(
        (await call(admin, 'GET', `/workspaces/${project.workspace.slug}/${spelling}/${foreign.identifier}-${foreignItem.sequence_id}/`))
          .status,
        404,
      );
    }
    // A guest sees by key only what they may see.
    assert.equal(
      (await call(guestClient, 'GET', `/workspaces/${project.workspace.slug}/work-items/${project.identifier}-${item.sequence_id}/`))
        .status,
      404,
    );
  });
});
