// Contract suite: Plane's MCP server (@makeplane/plane-mcp-server), unchanged, spawned over stdio with
// its environment pointing at the whole appliance, driven by the MCP SDK's own client (the one the
// server depends on). The tools for users, projects, issues (work items), comments, states, labels,
// cycles and modules are called the way an AI agent would, and their answers must mention what was
// created. Each tool's REST path is the server's own (e.g. `/issues/` spelling, a comments GET without
// the trailing slash), which is the point: Hangar must answer them as Plane does.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildProject, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import { type RunningHangar, startRunningHangar } from './runningHangar.ts';

type Row = Record<string, unknown>;

const serverEntry = (): string => {
  const pkg = createRequire(import.meta.url).resolve('@makeplane/plane-mcp-server/package.json');
  return path.join(path.dirname(pkg), 'build', 'index.js');
};

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('Plane MCP server against a running Hangar', () => {
  let hangar: RunningHangar;
  let client: Client;
  let serverLog = '';
  let project: ProjectFixture;

  /** Calls a tool; its text answer parsed as JSON when it is JSON. A tool error fails with its text. */
  async function call<T = Row>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const result = await client.callTool({ name, arguments: args });
    const content = result.content as Array<{ type: string; text?: string }>;
    const text = content.map((c) => c.text ?? '').join('');
    if (result.isError) throw new Error(`${name}(${JSON.stringify(args).slice(0, 200)}) → ${text}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  before(async () => {
    hangar = await startRunningHangar();
    project = await buildProject(hangar.db, {
      workspace: hangar.workspace,
      creator: hangar.user,
      identifier: 'MCP',
      name: 'Agent project',
    });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [serverEntry()],
      env: {
        ...getDefaultEnvironment(),
        PLANE_API_KEY: hangar.token,
        PLANE_WORKSPACE_SLUG: hangar.workspace.slug,
        PLANE_API_HOST_URL: hangar.url,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    client = new Client({ name: 'hangar-contract-suite', version: '1.0.0' });
    await client.connect(transport);
  });
  after(async () => {
    await client?.close();
    await hangar?.stop();
  });

  it('starts over stdio and lists the tools for every area', async () => {
    const names = new Set((await client.listTools()).tools.map((t) => t.name));
    for (const tool of [
      'get_user',
      'get_workspace_members',
      'get_projects',
      'create_project',
      'list_project_issues',
      'create_issue',
      'update_issue',
      'get_issue_using_readable_identifier',
      'get_issue_comments',
      'add_issue_comment',
      'list_states',
      'get_state',
      'create_state',
      'update_state',
      'delete_state',
      'list_labels',
      'get_label',
      'create_label',
      'update_label',
      'delete_label',
      'list_cycles',
      'get_cycle',
      'create_cycle',
      'update_cycle',
      'delete_cycle',
      'transfer_cycle_issues',
      'list_cycle_issues',
      'add_cycle_issues',
      'delete_cycle_issue',
      'list_modules',
      'get_module',
      'create_module',
      'update_module',
      'delete_module',
      'list_module_issues',
      'add_module_issues',
      'delete_module_issue',
    ]) {
      assert.ok(names.has(tool), `tool ${tool}`);
    }
    assert.match(serverLog, /Plane MCP Server running on stdio/);
  });

  it('get_user and get_workspace_members', async () => {
    const me = await call('get_user');
    assert.equal(me.id, hangar.user.id);
    assert.equal(me.email, hangar.user.email);
    const members = await call<Row[]>('get_workspace_members');
    assert.ok(Array.isArray(members));
    assert.ok(members.some((m) => m.id === hangar.user.id && m.role === 20));
  });

  it('create_project, then get_projects lists it', async () => {
    const created = await call('create_project', { name: 'Gemini', identifier: 'gem' });
    assert.equal(created.name, 'Gemini');
    assert.equal(created.identifier, 'GEM');
    const projects = await call<Row[]>('get_projects');
    const listed = projects.find((p) => p.id === created.id);
    assert.ok(listed, JSON.stringify(projects));
    assert.equal(listed.identifier, 'GEM');
    assert.ok(projects.some((p) => p.id === project.id && p.name === 'Agent project'));
  });

  it('states: create, list, get, update, delete', async () => {
    const state = await call('create_state', {
      project_id: project.id,
      state_data: { name: 'Blocked', color: '#EF4444', group: 'started' },
    });
    assert.equal(state.name, 'Blocked');
    assert.equal(state.group, 'started');
    const list = await call<{ results: Row[] }>('list_states', { project_id: project.id });
    assert.ok(list.results.some((s) => s.id === state.id));
    assert.ok(list.results.some((s) => s.name === 'Backlog'));
    assert.equal((await call('get_state', { project_id: project.id, state_id: state.id })).color, '#EF4444');
    assert.equal((await call('update_state', { project_id: project.id, state_id: state.id, state_data: { name: 'Stuck' } })).name, 'Stuck');
    await call('delete_state', { project_id: project.id, state_id: state.id });
    const afterDelete = await call<{ results: Row[] }>('list_states', { project_id: project.id });
    assert.ok(!afterDelete.results.some((s) => s.id === state.id));
  });

  it('labels: create, list, get, update, delete', async () => {
    const label = await call('create_label', { project_id: project.id, label_data: { name: 'needs-info', color: '#F97316' } });
    assert.equal(label.name, 'needs-info');
    const list = await call<{ results: Row[] }>('list_labels', { project_id: project.id });
    assert.deepEqual(
      list.results.map((l) => l.name),
      ['needs-info'],
    );
    assert.equal((await call('get_label', { project_id: project.id, label_id: label.id })).color, '#F97316');
    assert.equal(
      (await call('update_label', { project_id: project.id, label_id: label.id, label_data: { name: 'question' } })).name,
      'question',
    );
    await call('delete_label', { project_id: project.id, label_id: label.id });
    assert.deepEqual((await call<{ results: Row[] }>('list_labels', { project_id: project.id })).results, []);
  });

  describe('issues and comments', () => {
    let issue: Row = {};

    it('create_issue, list_project_issues, update_issue', async () => {
      issue = await call('create_issue', {
        project_id: project.id,
        issue_data: { name: 'Agent-made issue', description_html: '<p>Filed by an agent</p>', priority: 'medium' },
      });
      assert.equal(issue.name, 'Agent-made issue');
      assert.equal(issue.sequence_id, 1);
      assert.equal(issue.priority, 'medium');
      assert.equal(issue.project, project.id);
      const list = await call<{ total_count: number; results: Row[] }>('list_project_issues', { project_id: project.id });
      assert.equal(list.total_count, 1);
      assert.equal(list.results[0]?.id, issue.id);
      assert.equal(list.results[0]?.name, 'Agent-made issue');
      assert.equal((list.results[0]?.state as Row | undefined)?.id, issue.state);
      const updated = await call('update_issue', {
        project_id: project.id,
        issue_id: issue.id,
        issue_data: { name: 'Agent-made issue, refined', priority: 'high' },
      });
      assert.equal(updated.name, 'Agent-made issue, refined');
      assert.equal(updated.priority, 'high');
    });

    it('get_issue_using_readable_identifier (workspaces/{ws}/issues/MCP-1/)', async () => {
      const found = await call('get_issue_using_readable_identifier', { project_identifier: 'MCP', issue_identifier: '1' });
      assert.equal(found.id, issue.id);
      assert.equal(found.name, 'Agent-made issue, refined');
    });

    it('add_issue_comment, get_issue_comments (GET without the trailing slash)', async () => {
      const comment = await call('add_issue_comment', { project_id: project.id, issue_id: issue.id, comment_html: '<p>Agent says hi</p>' });
      assert.match(String(comment.comment_html), /Agent says hi/);
      assert.equal(comment.actor, hangar.user.id);
      const comments = await call<{ results: Row[] }>('get_issue_comments', { project_id: project.id, issue_id: issue.id });
      assert.deepEqual(
        comments.results.map((c) => c.id),
        [comment.id],
      );
      assert.match(String(comments.results[0]?.comment_html), /Agent says hi/);
    });
  });

  describe('cycles', () => {
    let items: string[] = [];

    before(async () => {
      items = [
        (await buildWorkItem(hangar.db, { project, creator: hangar.user, name: 'Cycle work A' })).id,
        (await buildWorkItem(hangar.db, { project, creator: hangar.user, name: 'Cycle work B' })).id,
      ];
    });

    it('create, list, get, update; cycle issues: add, list, remove, transfer; delete', async () => {
      const cycle = await call('create_cycle', {
        project_id: project.id,
        cycle_data: { name: 'Agent sprint', project_id: project.id, start_date: day(-1), end_date: day(13) },
      });
      assert.equal(cycle.name, 'Agent sprint');
      assert.equal(cycle.owned_by, hangar.user.id);
      const next = await call('create_cycle', { project_id: project.id, cycle_data: { name: 'Next sprint', project_id: project.id } });
      const list = await call<{ results: Row[] }>('list_cycles', { project_id: project.id });
      assert.deepEqual(list.results.map((c) => c.name).sort(), ['Agent sprint', 'Next sprint']);
      assert.equal((await call('get_cycle', { project_id: project.id, cycle_id: cycle.id })).name, 'Agent sprint');
      const renamed = await call('update_cycle', { project_id: project.id, cycle_id: cycle.id, cycle_data: { name: 'Agent sprint 1' } });
      assert.equal(renamed.name, 'Agent sprint 1');

      await call('add_cycle_issues', { project_id: project.id, cycle_id: cycle.id, issues: items });
      const inCycle = await call<{ results: Row[] }>('list_cycle_issues', { project_id: project.id, cycle_id: cycle.id });
      assert.deepEqual(inCycle.results.map((w) => w.id).sort(), [...items].sort());
      await call('delete_cycle_issue', { project_id: project.id, cycle_id: cycle.id, issue_id: items[0] });
      assert.deepEqual(
        (await call<{ results: Row[] }>('list_cycle_issues', { project_id: project.id, cycle_id: cycle.id })).results.map((w) => w.id),
        [items[1]],
      );
      await call('transfer_cycle_issues', { project_id: project.id, cycle_id: cycle.id, new_cycle_id: next.id });
      assert.deepEqual(
        (await call<{ results: Row[] }>('list_cycle_issues', { project_id: project.id, cycle_id: next.id })).results.map((w) => w.id),
        [items[1]],
      );
      await call('delete_cycle', { project_id: project.id, cycle_id: next.id });
      assert.deepEqual(
        (await call<{ results: Row[] }>('list_cycles', { project_id: project.id })).results.map((c) => c.id),
        [cycle.id],
      );
    });
  });

  describe('modules', () => {
    let items: string[] = [];

    before(async () => {
      items = [
        (await buildWorkItem(hangar.db, { project, creator: hangar.user, name: 'Module work A' })).id,
        (await buildWorkItem(hangar.db, { project, creator: hangar.user, name: 'Module work B' })).id,
      ];
    });

    it('create, list, get, update; module issues: add, list, remove; delete', async () => {
      const mod = await call('create_module', {
        project_id: project.id,
        module_data: { name: 'Agent module', status: 'planned', lead: hangar.user.id },
      });
      assert.equal(mod.name, 'Agent module');
      assert.equal(mod.status, 'planned');
      assert.equal(mod.lead, hangar.user.id);
      const list = await call<{ results: Row[] }>('list_modules', { project_id: project.id });
      assert.deepEqual(
        list.results.map((m) => m.id),
        [mod.id],
      );
      assert.equal((await call('get_module', { project_id: project.id, module_id: mod.id })).name, 'Agent module');
      const updated = await call('update_module', { project_id: project.id, module_id: mod.id, module_data: { status: 'in-progress' } });
      assert.equal(updated.status, 'in-progress');

      await call('add_module_issues', { project_id: project.id, module_id: mod.id, issues: items });
      const inModule = await call<{ results: Row[] }>('list_module_issues', { project_id: project.id, module_id: mod.id });
      assert.deepEqual(inModule.results.map((w) => w.id).sort(), [...items].sort());
      await call('delete_module_issue', { project_id: project.id, module_id: mod.id, issue_id: items[0] });
      assert.deepEqual(
        (await call<{ results: Row[] }>('list_module_issues', { project_id: project.id, module_id: mod.id })).results.map((w) => w.id),
        [items[1]],
      );
      await call('delete_module', { project_id: project.id, module_id: mod.id });
      assert.deepEqual((await call<{ results: Row[] }>('list_modules', { project_id: project.id })).results, []);
    });
  });
});
