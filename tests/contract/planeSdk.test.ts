// Contract suite: Plane's official Node SDK (@makeplane/plane-node-sdk), unchanged, against the whole
// appliance over HTTP. Every SDK method whose route is in the contract (../shared/plane-api-v1.md) is
// called, and what comes back is checked (names, ids, counts), not only that nothing threw. Routes the
// SDK has no method for (project member POST, invitations) are called with fetch the way Plane's docs
// show. Fixture rows (users, projects, work items for sub-resources) come from the factories, so one
// missing route does not hide the others.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PlaneClient } from '@makeplane/plane-node-sdk';
import { addWorkspaceMember, buildUser } from '../factories/accounts.ts';
import { buildLabel, buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type RunningHangar, startRunningHangar } from './runningHangar.ts';
import { failsWith, planeClient } from './tracedClient.ts';

type Row = Record<string, unknown>;

/** A date `offset` days from today, as Plane writes dates (YYYY-MM-DD, UTC). */
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const idsOf = (rows: ReadonlyArray<{ id?: string | undefined }>): string[] => rows.map((r) => r.id ?? '').sort();
/** Relation lists hold ids (the SDK's type) or work-item objects (Plane's server): compare by id. */
const relationIds = (list: unknown): string[] =>
  (Array.isArray(list) ? list : []).map((x: unknown) => (typeof x === 'string' ? x : String((x as Row).id))).sort();

describe('Plane Node SDK against a running Hangar', () => {
  let hangar: RunningHangar;
  let plane: PlaneClient;
  let ws: string;
  /** A project built by the factories (creator = the token's user) for sub-resource tests. */
  let base: ProjectFixture;

  before(async () => {
    hangar = await startRunningHangar();
    plane = planeClient(hangar.url, hangar.token);
    ws = hangar.workspace.slug;
    base = await buildProject(hangar.db, { workspace: hangar.workspace, creator: hangar.user, identifier: 'BASE', name: 'Base project' });
  });
  after(async () => {
    await hangar?.stop();
  });

  describe('users and workspace members', () => {
    it('users.me answers the token’s user', async () => {
      const me = await plane.users.me();
      assert.equal(me.id, hangar.user.id);
      assert.equal(me.email, hangar.user.email);
      assert.equal(me.first_name, 'Ada');
    });

    it('workspace.getMembers lists the members (user lite + role) as a bare array', async () => {
      const other = await buildUser(hangar.db, { first_name: 'Grace' });
      await addWorkspaceMember(hangar.db, hangar.workspace, other, 15);
      const members = await plane.workspace.getMembers(ws);
      assert.ok(Array.isArray(members), 'a bare array, not an envelope');
      const byId = new Map(members.map((m) => [m.id, m]));
      assert.equal(byId.get(hangar.user.id)?.role, 20);
      assert.equal(byId.get(hangar.user.id)?.email, hangar.user.email);
      assert.equal(byId.get(other.id)?.role, 15);
      assert.equal(byId.get(other.id)?.first_name, 'Grace');
    });
  });

  describe('projects', () => {
    let projectId = '';

    it('create → the project with the creator as admin; the SDK derives an identifier when none is given', async () => {
      const project = await plane.projects.create(ws, { name: 'Apollo', identifier: 'APL', description: 'Moon shots' });
      projectId = project.id;
      assert.equal(project.name, 'Apollo');
      assert.equal(project.identifier, 'APL');
      assert.equal(project.description, 'Moon shots');
      assert.equal(project.workspace, hangar.workspace.id);
      const derived = await plane.projects.create(ws, { name: 'Rocket launch' });
      assert.equal(derived.identifier, 'ROCKE');
      const members = await plane.projects.getMembers(ws, project.id);
      assert.deepEqual(
        members.map((m) => [m.id, m.role]),
        [[hangar.user.id, 20]],
      );
      // Default states come with a new project.
      const states = await plane.states.list(ws, project.id);
      for (const name of ['Backlog', 'Todo', 'In Progress', 'Done', 'Cancelled']) {
        assert.ok(
          states.results.some((s) => s.name === name),
          `default state ${name}`,
        );
      }
    });

    it('create with a taken identifier → 409', async () => {
      await assert.rejects(plane.projects.create(ws, { name: 'Apollo two', identifier: 'APL' }), failsWith(409));
    });

    it('list and retrieve', async () => {
      const list = await plane.projects.list(ws);
      const names = list.results.map((p) => p.name);
      for (const name of ['Apollo', 'Rocket launch', 'Base project']) assert.ok(names.includes(name), name);
      assert.equal(list.total_count, list.results.length);
      const one = await plane.projects.retrieve(ws, projectId);
      assert.equal(one.id, projectId);
      assert.equal(one.name, 'Apollo');
      assert.equal(one.is_member, true);
      assert.equal(one.member_role, 20);
    });

    it('update changes the fields given and turns features on', async () => {
      const updated = await plane.projects.update(ws, projectId, { name: 'Apollo 11', intake_view: true, cycle_view: false });
      assert.equal(updated.name, 'Apollo 11');
      assert.equal(updated.intake_view, true);
      assert.equal(updated.cycle_view, false);
      assert.equal((await plane.projects.retrieve(ws, projectId)).name, 'Apollo 11');
    });

    it('archive and unArchive set and clear archived_at', async () => {
      await plane.projects.archive(ws, projectId);
      const archived = await hangar.db.query<{ archived_at: Date | null }>('SELECT archived_at FROM projects WHERE id = $1', [projectId]);
      assert.ok(archived.rows[0]?.archived_at, 'archived_at set');
      await plane.projects.unArchive(ws, projectId);
      const restored = await plane.projects.retrieve(ws, projectId);
      assert.equal(restored.archived_at ?? null, null);
    });

    it('delete → gone (404 afterwards)', async () => {
      const doomed = await plane.projects.create(ws, { name: 'Doomed', identifier: 'DOOM' });
      await plane.projects.delete(ws, doomed.id);
      await assert.rejects(plane.projects.retrieve(ws, doomed.id), failsWith(404));
      assert.ok(!(await plane.projects.list(ws)).results.some((p) => p.id === doomed.id));
    });
  });

  describe('project members (no SDK method to add one: POST with fetch)', () => {
    it('POST members/ {member, role} → 201; both member routes list them', async () => {
      const newcomer = await buildUser(hangar.db, { first_name: 'Linus' });
      await addWorkspaceMember(hangar.db, hangar.workspace, newcomer, 15);
      const added = await hangar.rest('POST', `/workspaces/${ws}/projects/${base.id}/members/`, { member: newcomer.id, role: 15 });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const viaSdk = await plane.projects.getMembers(ws, base.id);
      assert.equal(viaSdk.find((m) => m.id === newcomer.id)?.role, 15);
      assert.equal(viaSdk.find((m) => m.id === hangar.user.id)?.role, 20);
      const plain = await hangar.rest<Row[]>('GET', `/workspaces/${ws}/projects/${base.id}/members/`);
      assert.equal(plain.status, 200);
      assert.ok(Array.isArray(plain.body) && plain.body.some((m) => m.id === newcomer.id));
    });
  });

  describe('states', () => {
    it('create, list, retrieve, update, delete', async () => {
      const before = await plane.states.list(ws, base.id);
      const state = await plane.states.create(ws, base.id, {
        name: 'In Review',
        color: '#8B5CF6',
        group: 'started',
        description: 'Awaiting review',
      });
      assert.equal(state.name, 'In Review');
      assert.equal(state.group, 'started');
      assert.equal(state.color, '#8B5CF6');
      assert.equal(state.project, base.id);
      const after = await plane.states.list(ws, base.id);
      assert.equal(after.results.length, before.results.length + 1);
      assert.equal(after.total_count, before.total_count + 1);
      assert.equal((await plane.states.retrieve(ws, base.id, state.id)).description, 'Awaiting review');
      const renamed = await plane.states.update(ws, base.id, state.id, { name: 'Review', color: '#7C3AED' });
      assert.equal(renamed.name, 'Review');
      assert.equal(renamed.color, '#7C3AED');
      await plane.states.delete(ws, base.id, state.id);
      await assert.rejects(plane.states.retrieve(ws, base.id, state.id), failsWith(404));
    });

    it('deleting the default state → 400', async () => {
      const states = await plane.states.list(ws, base.id);
      const byDefault = states.results.find((s) => s.default);
      assert.ok(byDefault, 'a default state');
      await assert.rejects(plane.states.delete(ws, base.id, byDefault.id), failsWith(400));
    });
  });

  describe('labels', () => {
    it('create, list, retrieve, update, delete; a duplicate name → 409', async () => {
      const parent = await plane.labels.create(ws, base.id, { name: 'Area', color: '#111111' });
      const label = await plane.labels.create(ws, base.id, { name: 'Frontend', color: '#22C55E', description: 'UI' });
      assert.equal(label.name, 'Frontend');
      assert.equal(label.color, '#22C55E');
      assert.notEqual(label.id, parent.id);
      assert.equal(label.project, base.id);
      await assert.rejects(plane.labels.create(ws, base.id, { name: 'Frontend', color: '#000000' }), failsWith(409));
      const list = await plane.labels.list(ws, base.id);
      assert.deepEqual(
        list.results
          .map((l) => l.name)
          .filter((n) => n === 'Area' || n === 'Frontend')
          .sort(),
        ['Area', 'Frontend'],
      );
      const labelId = label.id ?? '';
      assert.equal((await plane.labels.retrieve(ws, base.id, labelId)).description, 'UI');
      const updated = await plane.labels.update(ws, base.id, labelId, { name: 'Web', color: '#16A34A' });
      assert.equal(updated.name, 'Web');
      assert.equal(updated.color, '#16A34A');
      await plane.labels.delete(ws, base.id, labelId);
      await assert.rejects(plane.labels.retrieve(ws, base.id, labelId), failsWith(404));
    });
  });

  describe('work items', () => {
    let project: ProjectFixture;
    let first = '';
    let second = '';

    before(async () => {
      project = await buildProject(hangar.db, { workspace: hangar.workspace, creator: hangar.user, identifier: 'WRK', name: 'Work' });
    });

    it('create with state, labels, assignees, dates and priority; no state → the project default', async () => {
      const states = await plane.states.list(ws, project.id);
      const todo = states.results.find((s) => s.name === 'Todo');
      assert.ok(todo);
      const label = await buildLabel(hangar.db, project, { name: 'bug' });
      const item = await plane.workItems.create(ws, project.id, {
        name: 'Launch the rocket',
        description_html: '<p>Countdown from ten</p>',
        priority: 'high',
        state: todo.id,
        labels: [label.id],
        assignees: [hangar.user.id],
        start_date: day(0),
        target_date: day(3),
      });
      first = item.id;
      assert.equal(item.name, 'Launch the rocket');
      assert.equal(item.sequence_id, 1);
      assert.equal(item.priority, 'high');
      assert.equal(item.state, todo.id);
      assert.deepEqual(item.labels, [label.id]);
      assert.deepEqual(item.assignees, [hangar.user.id]);
      assert.equal(item.start_date, day(0));
      assert.equal(item.target_date, day(3));
      assert.equal(item.project, project.id);
      assert.match(item.description_html ?? '', /Countdown from ten/);
      const child = await plane.workItems.create(ws, project.id, { name: 'Fuel the tanks', parent: first });
      second = child.id;
      assert.equal(child.sequence_id, 2);
      assert.equal(child.parent, first);
      const byDefault = states.results.find((s) => s.default);
      assert.equal(child.state, byDefault?.id);
    });

    it('start_date after target_date → 400', async () => {
      await assert.rejects(
        plane.workItems.create(ws, project.id, { name: 'Backwards', start_date: day(5), target_date: day(1) }),
        failsWith(400),
      );
    });

    it('list: newest first, the envelope, per_page and cursors, fields', async () => {
      const list = await plane.workItems.list(ws, project.id);
      assert.deepEqual(
        list.results.map((w) => w.id),
        [second, first],
      );
      assert.equal(list.total_count, 2);
      assert.equal(list.count, 2);
      const page1 = await plane.workItems.list(ws, project.id, { per_page: 1 });
      assert.equal(page1.results.length, 1);
      assert.equal(page1.next_page_results, true);
      assert.equal(page1.total_pages, 2);
      const page2 = await plane.workItems.list(ws, project.id, { per_page: 1, cursor: page1.next_cursor });
      assert.deepEqual([page1.results[0]?.id, page2.results[0]?.id], [second, first]);
      assert.equal(page2.next_page_results, false);
      const byPriority = await plane.workItems.list(ws, project.id, { order_by: 'priority' });
      assert.equal(byPriority.results[0]?.id, first, 'high before none');
      const slim = await plane.workItems.list(ws, project.id, { fields: 'id,name' });
      assert.deepEqual(Object.keys(slim.results[0] ?? {}).sort(), ['id', 'name']);
    });

    it('retrieve, with and without expand', async () => {
      const plain = await plane.workItems.retrieve(ws, project.id, first);
      assert.equal(plain.name, 'Launch the rocket');
      const expanded = await plane.workItems.retrieve(ws, project.id, first, ['state', 'labels', 'assignees', 'project']);
      assert.equal(expanded.state.name, 'Todo');
      assert.deepEqual(
        expanded.labels.map((l) => l.name),
        ['bug'],
      );
      assert.equal(expanded.assignees[0]?.email, hangar.user.email);
      assert.equal(expanded.project.identifier, 'WRK');
    });

    it('update replaces labels/assignees and changes the fields given', async () => {
      const updated = await plane.workItems.update(ws, project.id, first, {
        name: 'Launch the rocket now',
        priority: 'urgent',
        labels: [],
        assignees: [],
      });
      assert.equal(updated.name, 'Launch the rocket now');
      assert.equal(updated.priority, 'urgent');
      assert.deepEqual(updated.labels, []);
      assert.deepEqual(updated.assignees, []);
      assert.equal(updated.target_date, day(3), 'untouched fields stay');
    });

    it('retrieveByIdentifier fetches by the human key', async () => {
      const item = await plane.workItems.retrieveByIdentifier(ws, 'WRK-2');
      assert.equal(item.id, second);
      assert.equal(item.name, 'Fuel the tanks');
      const expanded = await plane.workItems.retrieveByIdentifier(ws, 'WRK-1', ['state']);
      assert.equal(expanded.id, first);
      assert.equal(expanded.state.name, 'Todo');
    });

    it('search finds by word and by key, scoped to the project the SDK passes', async () => {
      const byWord = await plane.workItems.search(ws, 'rocket', project.id);
      const hit = byWord.issues.find((i) => i.id === first);
      assert.ok(hit, JSON.stringify(byWord));
      assert.equal(hit.name, 'Launch the rocket now');
      assert.equal(hit.project__identifier, 'WRK');
      assert.equal(hit.project_id, project.id);
      assert.equal(hit.workspace__slug, ws);
      assert.equal(Number(hit.sequence_id), 1);
      assert.ok(!byWord.issues.some((i) => i.id === second));
      const byKey = await plane.workItems.search(ws, 'WRK-2', project.id);
      assert.equal(byKey.issues[0]?.id, second);
      const elsewhere = await plane.workItems.search(ws, 'rocket', base.id);
      assert.deepEqual(elsewhere.issues, []);
    });

    it('delete → 404 afterwards', async () => {
      await plane.workItems.delete(ws, project.id, second);
      await assert.rejects(plane.workItems.retrieve(ws, project.id, second), failsWith(404));
      assert.deepEqual(
        (await plane.workItems.list(ws, project.id)).results.map((w) => w.id),
        [first],
      );
    });
  });

  describe('work-item parts', () => {
    let item = '';
    let other = '';

    before(async () => {
      item = (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Parts host' })).id;
      other = (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Parts neighbour' })).id;
    });

    it('links: create, list, retrieve, update, delete', async () => {
      const link = await plane.workItems.links.create(ws, base.id, item, { url: 'https://example.com/spec', title: 'Spec' });
      assert.equal(link.url, 'https://example.com/spec');
      assert.equal(link.title, 'Spec');
      assert.equal(link.issue, item);
      const list = await plane.workItems.links.list(ws, base.id, item);
      assert.deepEqual(
        list.results.map((l) => l.id),
        [link.id],
      );
      assert.equal(list.total_count, 1);
      assert.equal((await plane.workItems.links.retrieve(ws, base.id, item, link.id)).title, 'Spec');
      const updated = await plane.workItems.links.update(ws, base.id, item, link.id, { title: 'The spec' });
      assert.equal(updated.title, 'The spec');
      assert.equal(updated.url, 'https://example.com/spec');
      await plane.workItems.links.delete(ws, base.id, item, link.id);
      assert.equal((await plane.workItems.links.list(ws, base.id, item)).results.length, 0);
      // The top-level Links resource is the same route.
      const again = await plane.links.create(ws, base.id, item, { url: 'https://example.com/two' });
      assert.equal((await plane.links.list(ws, base.id, item)).results[0]?.id, again.id);
    });

    it('comments: create, list, retrieve, update, delete', async () => {
      const comment = await plane.workItems.comments.create(ws, base.id, item, { comment_html: '<p>Looks good</p>', access: 'INTERNAL' });
      assert.match(comment.comment_html ?? '', /Looks good/);
      assert.equal(comment.issue, item);
      assert.equal(comment.actor, hangar.user.id);
      assert.equal(comment.access, 'INTERNAL');
      const list = await plane.workItems.comments.list(ws, base.id, item);
      assert.deepEqual(
        list.results.map((c) => c.id),
        [comment.id],
      );
      assert.match((await plane.workItems.comments.retrieve(ws, base.id, item, comment.id)).comment_html ?? '', /Looks good/);
      const edited = await plane.workItems.comments.update(ws, base.id, item, comment.id, { comment_html: '<p>Looks great</p>' });
      assert.match(edited.comment_html ?? '', /Looks great/);
      assert.ok(edited.edited_at, 'edited_at set');
      await plane.workItems.comments.delete(ws, base.id, item, comment.id);
      assert.equal((await plane.workItems.comments.list(ws, base.id, item)).results.length, 0);
    });

    it('activities: list oldest first, retrieve one', async () => {
      await plane.workItems.update(ws, base.id, item, { priority: 'low' });
      const list = await plane.workItems.activities.list(ws, base.id, item);
      assert.ok(list.results.length >= 2, `at least created + priority, got ${list.results.length}`);
      assert.equal(list.results[0]?.verb, 'created');
      assert.ok(list.results.every((a) => a.issue === item));
      const priority = list.results.find((a) => a.field === 'priority');
      assert.ok(priority, 'a priority activity');
      assert.equal(priority.new_value, 'low');
      const stamps = list.results.map((a) => a.created_at ?? '');
      assert.deepEqual(stamps, [...stamps].sort(), 'oldest first');
      const one = await plane.workItems.activities.retrieve(ws, base.id, item, priority.id);
      assert.equal(one.id, priority.id);
      assert.equal(one.field, 'priority');
    });

    it('attachments: create hands out an upload, the upload lands, update marks it, retrieve downloads, list, delete', async () => {
      const content = 'hello from the contract suite\n';
      const created = (await plane.workItems.attachments.create(ws, base.id, item, {
        name: 'notes.txt',
        type: 'text/plain',
        size: Buffer.byteLength(content),
      })) as unknown as {
        upload_data: { url: string; fields: Record<string, string> };
        asset_id: string;
        attachment: Row;
        asset_url: string;
      };
      assert.ok(created.upload_data?.url, JSON.stringify(created));
      assert.ok(created.asset_id);
      // Upload as Plane's clients do with a presigned POST: the fields, then the file.
      const form = new FormData();
      for (const [k, v] of Object.entries(created.upload_data.fields ?? {})) form.append(k, v);
      form.append('file', new Blob([content], { type: 'text/plain' }), 'notes.txt');
      const upload = await fetch(created.upload_data.url, { method: 'POST', body: form });
      assert.ok(upload.status >= 200 && upload.status < 300, `upload → ${upload.status} ${await upload.text()}`);
      await plane.workItems.attachments.update(ws, base.id, item, created.asset_id, { is_uploaded: true });
      const list = await plane.workItems.attachments.list(ws, base.id, item);
      assert.ok(Array.isArray(list), 'a bare array');
      const listed = list.find((a) => a.id === created.asset_id);
      assert.ok(listed, JSON.stringify(list));
      assert.equal((listed.attributes as Row | undefined)?.name, 'notes.txt');
      assert.equal(listed.is_uploaded, true);
      // GET one answers 302 to a signed URL; the SDK's HTTP client follows it to the bytes.
      const downloaded = await plane.workItems.attachments.retrieve(ws, base.id, item, created.asset_id);
      assert.equal(downloaded as unknown, content);
      await plane.workItems.attachments.delete(ws, base.id, item, created.asset_id);
      assert.ok(!(await plane.workItems.attachments.list(ws, base.id, item)).some((a) => a.id === created.asset_id));
    });

    it('relations: create, list (both sides), remove', async () => {
      await plane.workItems.relations.create(ws, base.id, item, { relation_type: 'blocking', issues: [other] });
      const mine = await plane.workItems.relations.list(ws, base.id, item);
      for (const key of [
        'blocking',
        'blocked_by',
        'duplicate',
        'relates_to',
        'start_after',
        'start_before',
        'finish_after',
        'finish_before',
      ]) {
        assert.ok(key in mine, `relations carry ${key}`);
      }
      assert.deepEqual(relationIds(mine.blocking), [other]);
      const theirs = await plane.workItems.relations.list(ws, base.id, other);
      assert.deepEqual(relationIds(theirs.blocked_by), [item]);
      await plane.workItems.relations.delete(ws, base.id, item, { related_issue: other });
      assert.deepEqual(relationIds((await plane.workItems.relations.list(ws, base.id, item)).blocking), []);
      assert.deepEqual(relationIds((await plane.workItems.relations.list(ws, base.id, other)).blocked_by), []);
    });
  });

  describe('cycles', () => {
    let current = '';
    let draft = '';
    let items: string[] = [];

    before(async () => {
      items = [
        (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Cycle item A' })).id,
        (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Cycle item B' })).id,
      ];
    });

    it('create (dated and draft), list, retrieve, update', async () => {
      const cycle = await plane.cycles.create(ws, base.id, {
        name: 'Sprint 1',
        description: 'First sprint',
        start_date: day(-1),
        end_date: day(7),
        owned_by: hangar.user.id,
        project_id: base.id,
      });
      current = cycle.id;
      assert.equal(cycle.name, 'Sprint 1');
      assert.equal(cycle.start_date?.slice(0, 10), day(-1));
      assert.equal(cycle.end_date?.slice(0, 10), day(7));
      assert.equal(cycle.owned_by, hangar.user.id);
      assert.equal(cycle.project, base.id);
      draft = (await plane.cycles.create(ws, base.id, { name: 'Sprint 2', owned_by: hangar.user.id, project_id: base.id })).id;
      const list = await plane.cycles.list(ws, base.id);
      assert.deepEqual(idsOf(list.results), [current, draft].sort());
      assert.equal(list.total_count, 2);
      assert.equal((await plane.cycles.retrieve(ws, base.id, current)).description, 'First sprint');
      const renamed = await plane.cycles.update(ws, base.id, current, { name: 'Sprint one' });
      assert.equal(renamed.name, 'Sprint one');
    });

    it('only one of start/end date → 400', async () => {
      await assert.rejects(
        plane.cycles.create(ws, base.id, { name: 'Half dated', start_date: day(1), owned_by: hangar.user.id, project_id: base.id }),
        failsWith(400),
      );
    });

    it('cycle items: add, list, counts, remove, transfer', async () => {
      await plane.cycles.addWorkItemsToCycle(ws, base.id, current, items);
      const listed = await plane.cycles.listWorkItemsInCycle(ws, base.id, current);
      assert.deepEqual(idsOf(listed.results), [...items].sort());
      assert.equal(listed.total_count, 2);
      const counted = (await plane.cycles.retrieve(ws, base.id, current)) as unknown as Row;
      assert.equal(counted.total_issues, 2);
      assert.equal(counted.backlog_issues, 2);
      await plane.cycles.removeWorkItemFromCycle(ws, base.id, current, items[0] ?? '');
      assert.deepEqual(idsOf((await plane.cycles.listWorkItemsInCycle(ws, base.id, current)).results), [items[1]]);
      await plane.cycles.transferWorkItemsToAnotherCycle(ws, base.id, current, { new_cycle_id: draft });
      assert.deepEqual(idsOf((await plane.cycles.listWorkItemsInCycle(ws, base.id, current)).results), []);
      assert.deepEqual(idsOf((await plane.cycles.listWorkItemsInCycle(ws, base.id, draft)).results), [items[1]]);
    });

    it('archive a completed cycle, list archived, unarchive', async () => {
      const done = await plane.cycles.create(ws, base.id, {
        name: 'Sprint 0',
        start_date: '2024-01-01',
        end_date: '2024-01-14',
        owned_by: hangar.user.id,
        project_id: base.id,
      });
      await plane.cycles.archive(ws, base.id, done.id);
      const archived = await plane.cycles.listArchived(ws, base.id);
      assert.deepEqual(idsOf(archived.results), [done.id]);
      assert.ok(!(await plane.cycles.list(ws, base.id)).results.some((c) => c.id === done.id), 'archived cycles leave the list');
      await plane.cycles.unArchive(ws, base.id, done.id);
      assert.deepEqual(idsOf((await plane.cycles.listArchived(ws, base.id)).results), []);
      assert.ok((await plane.cycles.list(ws, base.id)).results.some((c) => c.id === done.id));
    });

    it('delete → 404 afterwards', async () => {
      await plane.cycles.delete(ws, base.id, draft);
      await assert.rejects(plane.cycles.retrieve(ws, base.id, draft), failsWith(404));
    });
  });

  describe('modules', () => {
    let moduleId = '';
    let items: string[] = [];

    before(async () => {
      items = [
        (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Module item A' })).id,
        (await buildWorkItem(hangar.db, { project: base, creator: hangar.user, name: 'Module item B' })).id,
      ];
    });

    it('create, list, retrieve, update', async () => {
      const mod = await plane.modules.create(ws, base.id, {
        name: 'Engines',
        description: 'Everything that burns',
        status: 'planned',
        lead: hangar.user.id,
        members: [hangar.user.id],
        start_date: day(0),
        target_date: day(30),
      });
      moduleId = mod.id;
      assert.equal(mod.name, 'Engines');
      assert.equal(mod.status, 'planned');
      assert.equal(mod.lead, hangar.user.id);
      assert.deepEqual(mod.members, [hangar.user.id]);
      assert.equal(mod.target_date, day(30));
      const list = await plane.modules.list(ws, base.id);
      assert.deepEqual(idsOf(list.results), [moduleId]);
      assert.equal((await plane.modules.retrieve(ws, base.id, moduleId)).description, 'Everything that burns');
      const updated = await plane.modules.update(ws, base.id, moduleId, { status: 'in-progress', name: 'Engines v2' });
      assert.equal(updated.status, 'in-progress');
      assert.equal(updated.name, 'Engines v2');
    });

    it('module items: add, list, counts, remove', async () => {
      await plane.modules.addWorkItemsToModule(ws, base.id, moduleId, items);
      const listed = await plane.modules.listWorkItemsInModule(ws, base.id, moduleId);
      assert.deepEqual(idsOf(listed.results), [...items].sort());
      const counted = (await plane.modules.retrieve(ws, base.id, moduleId)) as unknown as Row;
      assert.equal(counted.total_issues, 2);
      await plane.modules.removeWorkItemFromModule(ws, base.id, moduleId, items[0] ?? '');
      assert.deepEqual(idsOf((await plane.modules.listWorkItemsInModule(ws, base.id, moduleId)).results), [items[1]]);
    });

    it('archive a completed module, list archived, unarchive, delete', async () => {
      await plane.modules.update(ws, base.id, moduleId, { status: 'completed' });
      await plane.modules.archiveModule(ws, base.id, moduleId);
      assert.deepEqual(idsOf((await plane.modules.listArchivedModules(ws, base.id)).results), [moduleId]);
      assert.deepEqual((await plane.modules.list(ws, base.id)).results, []);
      await plane.modules.unArchiveModule(ws, base.id, moduleId);
      assert.deepEqual(idsOf((await plane.modules.list(ws, base.id)).results), [moduleId]);
      await plane.modules.delete(ws, base.id, moduleId);
      await assert.rejects(plane.modules.retrieve(ws, base.id, moduleId), failsWith(404));
    });
  });

  describe('intake', () => {
    let project: ProjectFixture;

    before(async () => {
      project = await buildProject(hangar.db, { workspace: hangar.workspace, creator: hangar.user, identifier: 'INT', name: 'Intake' });
    });

    it('needs intake_view: 400 while it is off (as Plane answers)', async () => {
      await assert.rejects(plane.intake.create(ws, project.id, { issue: { name: 'Too early' } }), failsWith(400));
    });

    it('create (pending), list, retrieve by the work item id, update, accept, delete', async () => {
      await plane.projects.update(ws, project.id, { intake_view: true });
      const created = await plane.intake.create(ws, project.id, {
        issue: { name: 'Customer asks for dark mode', description_html: '<p>Please</p>', priority: 'low' },
      });
      assert.equal(created.status, -2, 'pending');
      assert.ok(created.issue, 'the work item id');
      assert.equal(created.issue_detail?.name, 'Customer asks for dark mode');
      const workItemId = created.issue ?? '';
      const list = await plane.intake.list(ws, project.id);
      assert.deepEqual(
        list.results.map((i) => i.issue),
        [workItemId],
      );
      const one = await plane.intake.retrieve(ws, project.id, workItemId);
      assert.equal(one.id, created.id);
      assert.equal(one.status, -2);
      await plane.intake.update(ws, project.id, workItemId, { issue: { name: 'Dark mode' } });
      assert.equal((await plane.workItems.retrieve(ws, project.id, workItemId)).name, 'Dark mode');
      const accepted = await plane.intake.update(ws, project.id, workItemId, { status: 1 });
      assert.equal(accepted.status, 1);
      assert.equal((await plane.intake.retrieve(ws, project.id, workItemId)).status, 1);
      await plane.intake.delete(ws, project.id, workItemId);
      await assert.rejects(plane.intake.retrieve(ws, project.id, workItemId), failsWith(404));
    });
  });

  describe('stickies', () => {
    it('create, list, retrieve, update, delete', async () => {
      const sticky = await plane.stickies.create(ws, { name: 'Remember', description_html: '<p>Buy milk</p>', color: '#FFD700' });
      assert.equal(sticky.name, 'Remember');
      assert.match(sticky.description_html ?? '', /Buy milk/);
      assert.equal(sticky.workspace, hangar.workspace.id);
      const list = await plane.stickies.list(ws);
      assert.deepEqual(idsOf(list.results), [sticky.id]);
      assert.equal((await plane.stickies.retrieve(ws, sticky.id)).name, 'Remember');
      const updated = await plane.stickies.update(ws, sticky.id, { name: 'Remember this' });
      assert.equal(updated.name, 'Remember this');
      await plane.stickies.delete(ws, sticky.id);
      await assert.rejects(plane.stickies.retrieve(ws, sticky.id), failsWith(404));
    });
  });

  describe('invitations (no SDK resource: fetch)', () => {
    it('create, list (bare array), retrieve, update, delete', async () => {
      const path = `/workspaces/${ws}/invitations/`;
      const created = await hangar.rest('POST', path, { email: 'new.person@example.com', role: 15 });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.email, 'new.person@example.com');
      assert.equal(created.body.role, 15);
      const id = String(created.body.id);
      const list = await hangar.rest<Row[]>('GET', path);
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.body), 'a bare array');
      assert.deepEqual(
        list.body.map((i) => i.id),
        [id],
      );
      const one = await hangar.rest('GET', `${path}${id}/`);
      assert.equal(one.status, 200);
      assert.equal(one.body.email, 'new.person@example.com');
      const updated = await hangar.rest('PATCH', `${path}${id}/`, { role: 5 });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.role, 5);
      assert.equal((await hangar.rest('DELETE', `${path}${id}/`)).status, 204);
      assert.equal((await hangar.rest('GET', `${path}${id}/`)).status, 404);
    });
  });
});
