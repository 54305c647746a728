// Work-item search (searchRepository.ts, 0016_search.sql) through its two routes: v1
// `work-items/search/` (and `/issues/search/`) with an API key, and the app's /api/workspaces/:slug/search
// with a session. Ranking, keys and numbers, prefixes and trigram fragments, the project filter under
// both names, membership scoping, what is never found, and Plane's response shape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteWorkItem } from '../../server/commands/workItemDeleter.ts';
import { updateWorkItem } from '../../server/commands/workItemUpdater.ts';
import { choosePrefixPlan, searchWorkItems } from '../../server/repositories/searchRepository.ts';
import { similarCommonWords, wordStats } from '../../server/repositories/searchStats.ts';
import { parseSearchText } from '../../server/repositories/searchText.ts';
import { buildUser, buildWorkspace, type UserRow } from '../factories/accounts.ts';
import { addProjectMember, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem, type WorkItemFixture } from '../factories/workItems.ts';
import { type ApiHarness, type Client, startApiHarness } from '../helpers/apiHarness.ts';
import { SchemaChecker, type V1Client, v1As } from '../helpers/v1Harness.ts';

type Hit = { name: string; id: string; sequence_id: number; project__identifier: string; project_id: string; workspace__slug: string };
type Result = { issues: Hit[] };

describe('work-item search', () => {
  let h: ApiHarness;
  let checker: SchemaChecker;
  let user: UserRow;
  let p1: ProjectFixture;
  let p2: ProjectFixture;
  let notMine: ProjectFixture;
  let v1: V1Client;
  let app: Client;
  let slug: string;
  const items: Record<string, WorkItemFixture> = {};

  const actor = (item: WorkItemFixture) => ({ userId: item.creator.id, projectId: item.project_id, workspaceId: item.workspace_id });
  const v1Search = async (query: string, base = 'work-items'): Promise<Hit[]> => {
    const path = `/workspaces/${slug}/${base}/search/?${query}`;
    const res = await v1.get<Result>(path);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    checker.check('GET', path, 200, res.body);
    return res.body.issues;
  };
  const search = (text: string, extra = ''): Promise<Hit[]> => v1Search(`search=${encodeURIComponent(text)}&limit=50${extra}`);
  const names = (hits: Hit[]): string[] => hits.map((x) => x.name);

  before(async () => {
    h = await startApiHarness();
    checker = await SchemaChecker.load(h.app);
    user = await buildUser(h.db);
    const workspace = await buildWorkspace(h.db, { owner: user });
    slug = workspace.slug;
    p1 = await buildProject(h.db, { workspace, creator: user });
    p2 = await buildProject(h.db, { workspace, creator: user });
    // Same workspace, someone else's project: the user is a workspace member but not in it.
    const other = await buildUser(h.db);
    const otherWs = await buildWorkspace(h.db, { owner: other });
    notMine = await buildProject(h.db, { workspace: { ...workspace, owner: other }, creator: other });
    const elsewhere = await buildProject(h.db, { workspace: otherWs, creator: other });
    await addProjectMember(h.db, elsewhere, user, 20);

    // The description-only hit is newer, so only ranking can put the title hit first.
    items.title = await buildWorkItem(h.db, { project: p1, name: 'Quokka migration plan' });
    items.description = await buildWorkItem(h.db, {
      project: p1,
      name: 'Unrelated chores',
      description_html: '<p>Mentions a quokka in passing.</p>',
    });
    items.second = await buildWorkItem(h.db, { project: p2, name: 'Quokka census in the second project' });
    items.splines = await buildWorkItem(h.db, { project: p1, name: 'Reticulate splines for the map' });
    items.notMine = await buildWorkItem(h.db, { project: notMine, name: 'Quokka secret of another project' });
    items.elsewhere = await buildWorkItem(h.db, { project: elsewhere, name: 'Quokka in another workspace' });
    items.deleted = await buildWorkItem(h.db, { project: p1, name: 'Quokka that was deleted' });
    await deleteWorkItem(h.db, actor(items.deleted), items.deleted.id);
    items.archived = await buildWorkItem(h.db, { project: p1, name: 'Quokka that was archived' });
    await h.db.query('UPDATE issues SET archived_at = now() WHERE id = $1', [items.archived.id]);
    items.draft = await buildWorkItem(h.db, { project: p1, name: 'Quokka still a draft', is_draft: true });
    for (let i = 1; i <= 12; i += 1) await buildWorkItem(h.db, { project: p2, name: `Zebra crossing ${i}` });

    v1 = await v1As(h, user.id);
    app = await h.as(user.id);
  });
  after(() => h.close());

  it('ranks a title hit above a description-only hit, and finds description words', async () => {
    const hits = names(await search('quokka'));
    assert.ok(hits.includes('Unrelated chores'), 'description words are searched');
    assert.ok(hits.indexOf('Quokka migration plan') < hits.indexOf('Unrelated chores'));
    assert.ok(hits.indexOf('Quokka census in the second project') < hits.indexOf('Unrelated chores'));
    // Several words must all match; their order does not matter.
    assert.deepEqual(names(await search('plan quokka')), ['Quokka migration plan']);
  });

  it('folds case beyond ASCII: "über" finds "Über", "ÄRZTE" finds "Ärzte"', async () => {
    // The cluster folds case beyond ASCII (initdb's builtin C.UTF-8 locale), so the index holds "über".
    const { rows } = await h.db.query<{ folded: string; matches: boolean }>(
      `SELECT lower('ÜBER Ärzte') AS folded, to_tsvector('simple', 'Über') @@ to_tsquery('simple', 'über') AS matches`,
    );
    assert.deepEqual(rows[0], { folded: 'über ärzte', matches: true });
    const umlaut = await buildWorkItem(h.db, { project: p1, name: 'Über-Dashboard für Ärzte' });
    assert.ok(
      (await search('über')).some((x) => x.id === umlaut.id),
      'lower-case query, capitalised title',
    );
    assert.ok(
      (await search('ÄRZTE')).some((x) => x.id === umlaut.id),
      'upper-case query, capitalised title',
    );
  });

  it('never finds deleted, archived or draft items, nor other projects or workspaces', async () => {
    const found = new Set((await search('quokka')).map((x) => x.id));
    for (const key of ['deleted', 'archived', 'draft', 'notMine', 'elsewhere'] as const) {
      assert.ok(!found.has(items[key]?.id ?? ''), `${key} must not be found`);
    }
    // Not by key either.
    const key = `${notMine.identifier}-${items.notMine?.sequence_id}`;
    assert.ok(!(await search(key)).some((x) => x.id === items.notMine?.id));
    assert.ok(!(await search(`${p1.identifier}-${items.deleted?.sequence_id}`)).some((x) => x.id === items.deleted?.id));
    // In the other workspace (the user is in one of its projects) only that workspace's item.
    const otherWs = await v1.get<Result>(`/workspaces/${items.elsewhere?.project.workspace.slug}/work-items/search/?search=quokka`);
    assert.deepEqual(
      otherWs.body.issues.map((x) => x.id),
      [items.elsewhere?.id],
    );
    assert.equal((await v1.get(`/workspaces/nope-${Date.now()}/work-items/search/?search=quokka`)).status, 404);
  });

  it('finds a work item by its key first, in any case, and by bare number in each of my projects', async () => {
    const title = items.title as WorkItemFixture;
    const key = `${p1.identifier}-${title.sequence_id}`;
    assert.deepEqual(
      (await search(key)).map((x) => x.id),
      [title.id],
    );
    assert.deepEqual(
      (await search(key.toLowerCase())).map((x) => x.id),
      [title.id],
    );
    // A number: that number in every project of mine (not in a project I am not in), before text hits.
    const byNumber = await search('1');
    const first = byNumber.slice(0, 2).map((x) => `${x.project__identifier}-${x.sequence_id}`);
    assert.deepEqual(first.sort(), [`${p1.identifier}-1`, `${p2.identifier}-1`].sort());
    assert.ok(!byNumber.some((x) => x.project_id === notMine.id));
    assert.deepEqual(
      (await search('1', `&project_id=${p2.id}`)).slice(0, 1).map((x) => x.id),
      [items.second?.id],
    );
  });

  it('matches the word being typed as a prefix, and fragments or typos through trigrams', async () => {
    assert.deepEqual(names(await search('reticul')), ['Reticulate splines for the map']);
    assert.deepEqual(names(await search('splines ret')), ['Reticulate splines for the map']);
    // Neither a word nor a prefix: only the trigram fallback finds these.
    assert.ok(names(await search('ticulat')).includes('Reticulate splines for the map'));
    assert.ok(names(await search('quoka')).includes('Quokka migration plan'));
  });

  it('filters by project under both parameter names; a project not mine gives nothing, a malformed one 400', async () => {
    const inP1 = await search('quokka', `&project_id=${p1.id}`);
    assert.ok(inP1.length >= 2 && inP1.every((x) => x.project_id === p1.id));
    const inP2 = await search('quokka', `&project=${p2.id}`);
    assert.deepEqual(
      inP2.map((x) => x.id),
      [items.second?.id],
    );
    assert.deepEqual(await search('quokka', `&project_id=${notMine.id}`), []);
    const bad = await v1.get(`/workspaces/${slug}/work-items/search/?search=quokka&project=not-a-uuid`);
    assert.equal(bad.status, 400);
    assert.ok(Array.isArray(bad.body.project));
  });

  it("scopes to the caller's active memberships, and guests to their own items where the project says so", async () => {
    const member = await buildUser(h.db);
    await addProjectMember(h.db, p1, member, 15);
    await addProjectMember(h.db, p2, member, 15);
    const memberV1 = await v1As(h, member.id);
    const path = `/workspaces/${slug}/work-items/search/?search=quokka&limit=50`;
    const before = (await memberV1.get<Result>(path)).body.issues;
    assert.ok(before.some((x) => x.project_id === p2.id));
    await h.db.query('UPDATE project_members SET is_active = false WHERE project_id = $1 AND member_id = $2', [p2.id, member.id]);
    const after = (await memberV1.get<Result>(path)).body.issues;
    assert.ok(after.length > 0 && after.every((x) => x.project_id === p1.id));

    const guest = await buildUser(h.db);
    await addProjectMember(h.db, p1, guest, 5);
    const own = await buildWorkItem(h.db, { project: p1, creator: guest, name: 'Quokka the guest filed' });
    const guestV1 = await v1As(h, guest.id);
    assert.deepEqual(
      (await guestV1.get<Result>(path)).body.issues.map((x) => x.id),
      [own.id],
    );
    await h.db.query('UPDATE projects SET guest_view_all_features = true WHERE id = $1', [p1.id]);
    assert.ok((await guestV1.get<Result>(path)).body.issues.length > 1);
    await h.db.query('UPDATE projects SET guest_view_all_features = false WHERE id = $1', [p1.id]);
  });

  it('follows edits: a renamed item is found by its new words only', async () => {
    const item = await buildWorkItem(h.db, { project: p1, name: 'Wombat burrow survey' });
    assert.deepEqual(names(await search('wombat')), ['Wombat burrow survey']);
    await updateWorkItem(h.db, actor(item), item.id, { name: 'Platypus burrow survey' });
    assert.deepEqual(await search('wombat'), []);
    assert.deepEqual(names(await search('platypus')), ['Platypus burrow survey']);
  });

  it('leaves out intake items still pending or snoozed', async () => {
    const item = await buildWorkItem(h.db, { project: p1, name: 'Axolotl request from intake' });
    const intake = await h.db.query<{ id: string }>('INSERT INTO intakes (workspace_id, project_id) VALUES ($1, $2) RETURNING id', [
      p1.workspace_id,
      p1.id,
    ]);
    await h.db.query('INSERT INTO intake_issues (workspace_id, project_id, intake_id, issue_id, status) VALUES ($1, $2, $3, $4, -2)', [
      p1.workspace_id,
      p1.id,
      intake.rows[0]?.id,
      item.id,
    ]);
    assert.deepEqual(await search('axolotl'), []);
    await h.db.query('UPDATE intake_issues SET status = 0 WHERE issue_id = $1', [item.id]);
    assert.deepEqual(await search('axolotl'), []);
    await h.db.query('UPDATE intake_issues SET status = 1 WHERE issue_id = $1', [item.id]);
    assert.deepEqual(names(await search('axolotl')), ['Axolotl request from intake']);
  });

  it("answers in Plane's shape under /work-items/ and /issues/, 10 hits by default, limit up to 100", async () => {
    const hits = await v1Search('search=zebra');
    assert.equal(hits.length, 10, "Plane's default limit");
    const hit = hits[0] as Hit;
    assert.deepEqual(Object.keys(hit).sort(), ['id', 'name', 'project__identifier', 'project_id', 'sequence_id', 'workspace__slug']);
    assert.equal(hit.workspace__slug, slug);
    assert.equal(hit.project__identifier, p2.identifier);
    assert.equal((await v1Search('search=zebra&limit=3', 'issues')).length, 3);
    assert.equal((await v1Search('search=zebra&limit=1000')).length, 12);
    assert.deepEqual(await v1Search(''), []);
    assert.deepEqual(await v1Search('search=%20%20'), []);
    assert.equal((await v1.get(`/workspaces/${slug}/work-items/search/?search=x&limit=abc`)).status, 400);
    // Query syntax in the text is text, never an error.
    for (const text of ["'", '&|!', 'a:* & !b', '\\', '((', "o'brien", '-', '🦘', 'x'.repeat(5000)]) {
      const res = await v1.get(`/workspaces/${slug}/work-items/search/?search=${encodeURIComponent(text)}`);
      assert.ok(res.status === 200 || (res.status === 400 && text.length > 1000), `${text.slice(0, 20)} → ${res.status}`);
    }
  });

  it('is not shadowed by the by-key route: /work-items/search/ searches, /work-items/KEY-1/ fetches', async () => {
    const res = await v1.get<Result>(`/workspaces/${slug}/work-items/search/?search=quokka`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body.issues));
    assert.ok(h.app.hasRoute({ method: 'GET', url: '/api/v1/workspaces/:slug/work-items/:key' }));
    const title = items.title as WorkItemFixture;
    const byKey = await v1.get<{ id: string }>(`/workspaces/${slug}/work-items/${p1.identifier}-${title.sequence_id}/`);
    assert.equal(byKey.status, 200);
    assert.equal(byKey.body.id, title.id);
  });

  it('answers the same through the app API with a session; other workspaces are not found', async () => {
    const res = await app.get<Result>(`/api/workspaces/${slug}/search?search=quokka&project_id=${p1.id}`);
    assert.equal(res.status, 200);
    const viaV1 = await search('quokka', `&project_id=${p1.id}`);
    assert.deepEqual(
      res.body.issues.map((x) => x.id),
      viaV1.map((x) => x.id),
    );
    assert.equal((await app.get<Result>(`/api/workspaces/${slug}/search?search=zebra`)).body.issues.length, 12);
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.get(`/api/workspaces/${slug}/search?search=quokka`)).status, 404);
    assert.equal((await app.get(`/api/workspaces/${slug}/search?search=quokka&project_id=nope`)).status, 400);
  });

  it('chooses how to run a prefix from word statistics: read the table only for a frequent prefix of a big one', () => {
    const stats = (rows: number, entries: Array<[string, number]>) => ({ rows, frequencies: new Map(entries) });
    const notif = parseSearchText('notif');
    assert.deepEqual(
      choosePrefixPlan(
        stats(1_000_000, [
          ['notifications', 0.05],
          ['notify', 0.03],
        ]),
        notif,
      ),
      { form: 'scan' },
    );
    assert.deepEqual(choosePrefixPlan(stats(1_000_000, [['notifications', 0.005]]), notif), { form: 'index' });
    assert.deepEqual(choosePrefixPlan(stats(5_000, [['notifications', 0.5]]), notif), { form: 'index' });
    const two = parseSearchText('webhook ret');
    assert.deepEqual(
      choosePrefixPlan(
        stats(1_000_000, [
          ['webhook', 0.5],
          ['retry', 0.5],
        ]),
        two,
      ),
      { form: 'scan' },
    );
    // A rare word before the prefix: the index finds it, the prefix is checked row by row.
    assert.deepEqual(choosePrefixPlan(stats(1_000_000, [['retry', 0.5]]), two), { form: 'filtered', indexed: "'webhook'" });
  });

  it('on a big analysed table: frequent prefixes read the table, typos of common words mean those words', async () => {
    const big = await buildProject(h.db, { workspace: { id: p1.workspace_id, slug, name: '', owner: user }, creator: user });
    const hidden = await buildProject(h.db, { workspace: { id: p1.workspace_id, slug, name: '', owner: await buildUser(h.db) } });
    // 30k items: one in three says "frequently", some of those deleted or archived, some in a project the user is not in.
    await h.db.query(
      `INSERT INTO issues (workspace_id, project_id, sequence_id, name, description_stripped, deleted_at, archived_at, created_by)
       SELECT $1, CASE WHEN g % 10 = 0 THEN $3::uuid ELSE $2::uuid END, g,
              CASE WHEN g % 3 = 0 THEN 'Frequently seen ' || g ELSE 'Other thing ' || g END, 'filler words',
              CASE WHEN g % 7 = 0 THEN now() END, CASE WHEN g % 11 = 0 THEN now() END, $4
         FROM generate_series(1, 30000) g`,
      [p1.workspace_id, big.id, hidden.id, user.id],
    );
    await h.db.query('ANALYZE issues');
    const query = parseSearchText('frequen');
    assert.deepEqual(choosePrefixPlan(await wordStats(h.db, query.lexemes.leading, query.lexemes.last), query), { form: 'scan' });
    const hits = await searchWorkItems(h.db, { workspaceId: p1.workspace_id, userId: user.id, projectId: big.id }, 'frequen', 100);
    assert.equal(hits.length, 100);
    const rows = await h.db.query<{ id: string; name: string; deleted_at: Date | null; archived_at: Date | null; project_id: string }>(
      'SELECT id, name, deleted_at, archived_at, project_id FROM issues WHERE id = ANY($1::uuid[])',
      [hits.map((x) => x.id)],
    );
    for (const row of rows.rows) {
      assert.match(row.name, /^Frequently/);
      assert.equal(row.deleted_at, null);
      assert.equal(row.archived_at, null);
      assert.equal(row.project_id, big.id);
    }
    assert.deepEqual(await similarCommonWords(h.db, 'frequntly'), ['frequently']);
    const typo = await searchWorkItems(h.db, { workspaceId: p1.workspace_id, userId: user.id }, 'frequntly', 10);
    assert.equal(typo.length, 10);
    assert.ok(typo.every((x) => x.name.startsWith('Frequently') && x.project_id === big.id));
  });
});
