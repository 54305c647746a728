// The projects app API: create, list, read, settings, archive, delete, join; validation and scoping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildUser, buildWorkspace } from '../factories/accounts.ts';
import { buildProject } from '../factories/projects.ts';
import { type ApiHarness, type Body, startApiHarness } from '../helpers/apiHarness.ts';
import { buildTeam, NIL_UUID, userIn } from './setup.ts';

let h: ApiHarness;
before(async () => {
  h = await startApiHarness();
});
after(async () => {
  await h.close();
});

type Project = Body & { id: string; identifier: string; name: string };

describe('POST /api/workspaces/:slug/projects', () => {
  it('creates a project with Plane defaults, the creator as admin and the six default states', async () => {
    const ws = await buildWorkspace(h.db);
    const admin = await h.as(ws.owner.id);
    const res = await admin.post<Project>(`/api/workspaces/${ws.slug}/projects/`, { name: 'Website', identifier: 'web' });
    assert.equal(res.status, 201);
    const p = res.body;
    assert.equal(p.identifier, 'WEB');
    assert.equal(p.name, 'Website');
    assert.equal(p.network, 2);
    assert.equal(p.workspace, ws.id);
    assert.equal(p.created_by, ws.owner.id);
    assert.equal(p.description_html, '<p></p>');
    for (const [k, v] of Object.entries({
      module_view: true,
      cycle_view: true,
      issue_views_view: true,
      page_view: true,
      intake_view: false,
    }))
      assert.equal(p[k], v, k);
    assert.equal(p.archive_in, 0);
    assert.equal(p.close_in, 0);
    assert.equal(p.timezone, 'UTC');
    assert.equal(p.total_members, 1);
    assert.equal(p.total_cycles, 0);
    assert.equal(p.total_modules, 0);
    assert.equal(p.is_member, true);
    assert.equal(p.member_role, 20);
    assert.equal(p.is_deployed, false);
    assert.equal(typeof p.sort_order, 'number');
    assert.equal(p.archived_at, null);
    assert.equal(p.deleted_at, null);
    const states = await admin.get<{ name: string; id: string; default: boolean }[]>(`/api/workspaces/${ws.slug}/projects/${p.id}/states/`);
    assert.deepEqual(
      states.body.map((s) => s.name),
      ['Backlog', 'Todo', 'In Progress', 'Done', 'Cancelled'],
    );
    assert.equal(p.default_state, states.body.find((s) => s.default)?.id);
  });

  it('stores every writable field of the contract', async () => {
    const ws = await buildWorkspace(h.db);
    const lead = await buildUser(h.db);
    await h.db.query('INSERT INTO workspace_members (workspace_id, member_id, role) VALUES ($1, $2, 15)', [ws.id, lead.id]);
    const body = {
      name: 'Full',
      identifier: 'FULL',
      description: 'plain',
      description_text: 'text',
      description_html: '<p>html</p>',
      network: 0,
      emoji: '1f680',
      icon_prop: { name: 'rocket', color: '#ff0000' },
      logo_props: { in_use: 'emoji', emoji: { value: '1f680' } },
      cover_image: 'https://images.example.com/cover.jpg',
      module_view: false,
      cycle_view: false,
      issue_views_view: false,
      page_view: false,
      intake_view: true,
      is_time_tracking_enabled: true,
      is_issue_type_enabled: true,
      guest_view_all_features: true,
      archive_in: 3,
      close_in: 12,
      timezone: 'Europe/Paris',
      project_lead: lead.id,
      default_assignee: lead.id,
      external_source: 'github',
      external_id: '42',
    };
    const res = await (await h.as(ws.owner.id)).post<Project>(`/api/workspaces/${ws.slug}/projects`, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    for (const [key, value] of Object.entries(body)) assert.deepEqual(res.body[key], value, key);
    assert.equal(res.body.total_members, 2, 'the lead joins the project');
  });

  it('ignores fields nobody may set (id, workspace, created_by, role, archived_at, deleted_at …)', async () => {
    const ws = await buildWorkspace(h.db);
    const other = await buildWorkspace(h.db);
    const intruder = await buildUser(h.db);
    const res = await (await h.as(ws.owner.id)).post<Project>(`/api/workspaces/${ws.slug}/projects`, {
      name: 'Mass',
      identifier: 'MASS',
      id: NIL_UUID,
      workspace: other.id,
      workspace_id: other.id,
      created_by: intruder.id,
      updated_by: intruder.id,
      role: 5,
      member_role: 5,
      archived_at: '2020-01-01T00:00:00Z',
      deleted_at: '2020-01-01T00:00:00Z',
      total_members: 99,
      default_state: NIL_UUID,
      sort_order: 1,
      is_deployed: true,
    });
    assert.equal(res.status, 201);
    assert.notEqual(res.body.id, NIL_UUID);
    const { rows } = await h.db.query(
      'SELECT workspace_id, created_by, updated_by, archived_at, deleted_at, sort_order FROM projects WHERE id = $1',
      [res.body.id],
    );
    assert.deepEqual(rows[0], {
      workspace_id: ws.id,
      created_by: ws.owner.id,
      updated_by: ws.owner.id,
      archived_at: null,
      deleted_at: null,
      sort_order: 65535,
    });
    const member = await h.db.query('SELECT role FROM project_members WHERE project_id = $1 AND member_id = $2', [
      res.body.id,
      ws.owner.id,
    ]);
    assert.equal(member.rows[0].role, 20);
    assert.equal((await h.db.query('SELECT count(*)::int AS n FROM projects WHERE workspace_id = $1', [other.id])).rows[0].n, 0);
    assert.equal(res.body.is_deployed, false);
    assert.equal(res.body.total_members, 1);
  });

  it('answers 409 with the existing id for a taken identifier (any case) or name', async () => {
    const team = await buildTeam(h);
    const url = `/api/workspaces/${team.workspace.slug}/projects`;
    const byIdentifier = await team.as.admin.post(url, { name: 'Another', identifier: team.project.identifier.toLowerCase() });
    assert.equal(byIdentifier.status, 409);
    assert.equal(byIdentifier.body.id, team.project.id);
    assert.match(String(byIdentifier.body.error), /identifier/);
    const byName = await team.as.admin.post(url, { name: team.project.name.toUpperCase(), identifier: 'FRESH' });
    assert.equal(byName.status, 409);
    assert.equal(byName.body.id, team.project.id);
    assert.match(String(byName.body.error), /name/);
  });

  it('rejects wrong types, over-long strings, bad values and people outside the workspace with 400', async () => {
    const ws = await buildWorkspace(h.db);
    const admin = await h.as(ws.owner.id);
    const url = `/api/workspaces/${ws.slug}/projects`;
    const stranger = await buildUser(h.db);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ identifier: 'NONAME' }, /name/],
      [{ name: 'No identifier' }, /identifier/],
      [{ name: 'x'.repeat(256), identifier: 'LONG' }, /name/],
      [{ name: '   ', identifier: 'BLANK' }, /name/],
      [{ name: 'Id', identifier: 'ABCDEFGHIJKLM' }, /identifier/],
      [{ name: 'Id', identifier: 'AB CD' }, /identifier/],
      [{ name: 'Id', identifier: 'ÄBC' }, /identifier/],
      [{ name: 'Id', identifier: { a: 1 } }, /identifier/],
      [{ name: ['a', 'b'], identifier: 'ARR' }, /name/],
      [{ name: 'Net', identifier: 'NET', network: 1 }, /network/],
      [{ name: 'Net', identifier: 'NET', network: 'public' }, /network/],
      [{ name: 'Arch', identifier: 'ARCH', archive_in: 13 }, /archive_in/],
      [{ name: 'Close', identifier: 'CLOSE', close_in: -1 }, /close_in/],
      [{ name: 'Close', identifier: 'CLOSE', close_in: 1.5 }, /close_in/],
      [{ name: 'Tz', identifier: 'TZ', timezone: 'Nowhere/City' }, /time zone/],
      [{ name: 'Bool', identifier: 'BOOL', module_view: 'maybe' }, /module_view/],
      [{ name: 'Lead', identifier: 'LEAD', project_lead: stranger.id }, /lead/],
      [{ name: 'Lead', identifier: 'LEAD', project_lead: 'not-a-uuid' }, /lead/],
      [{ name: 'Assignee', identifier: 'ASG', default_assignee: stranger.id }, /assignee/],
      [{ name: 'Cover', identifier: 'COVER', cover_image: 'javascript:alert(1)' }, /cover_image/],
      [{ name: 'Logo', identifier: 'LOGO', logo_props: 'nope' }, /logo_props/],
      [{ name: 'Desc', identifier: 'DESC', description: 'x'.repeat(100_001) }, /description/],
    ];
    for (const [body, pattern] of cases) {
      const res = await admin.post(url, body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.match(String(res.body.error), pattern, JSON.stringify(body).slice(0, 80));
    }
    assert.equal((await h.db.query('SELECT count(*)::int AS n FROM projects WHERE workspace_id = $1', [ws.id])).rows[0].n, 0);
  });

  it('lets workspace admins and members create, not guests, non-members or anonymous callers', async () => {
    const ws = await buildWorkspace(h.db);
    const url = `/api/workspaces/${ws.slug}/projects`;
    const member = await userIn(h, ws, 15);
    assert.equal((await member.client.post(url, { name: 'By member', identifier: 'MEM' })).status, 201);
    const guest = await userIn(h, ws, 5);
    assert.equal((await guest.client.post(url, { name: 'By guest', identifier: 'GST' })).status, 403);
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.post(url, { name: 'By stranger', identifier: 'STR' })).status, 404);
    // Anonymous writes fail the CSRF check before anything else.
    assert.equal((await h.anonymous.post(url, { name: 'Anon', identifier: 'ANON' })).status, 403);
    assert.deepEqual((await h.db.query('SELECT identifier FROM projects WHERE workspace_id = $1', [ws.id])).rows, [{ identifier: 'MEM' }]);
  });
});

describe('GET /api/workspaces/:slug/project-identifiers', () => {
  it('says whether an identifier is taken in this workspace only', async () => {
    const team = await buildTeam(h);
    const other = await buildTeam(h);
    const url = (slug: string, name: string) => `/api/workspaces/${slug}/project-identifiers/?name=${encodeURIComponent(name)}`;
    const taken = await team.as.member.get(url(team.workspace.slug, team.project.identifier.toLowerCase()));
    assert.equal(taken.status, 200);
    assert.deepEqual(taken.body, { exists: 1, identifiers: [team.project.identifier] });
    assert.deepEqual((await team.as.member.get(url(team.workspace.slug, other.project.identifier))).body, { exists: 0, identifiers: [] });
    assert.equal((await team.as.member.get(`/api/workspaces/${team.workspace.slug}/project-identifiers`)).status, 400);
    assert.equal((await team.as.member.get(url(other.workspace.slug, other.project.identifier))).status, 404);
  });
});

describe('GET /api/workspaces/:slug/projects', () => {
  it('lists what Plane shows: admins all, members theirs and public ones, guests theirs', async () => {
    const team = await buildTeam(h);
    const secret = await buildProject(h.db, { workspace: team.workspace, network: 0 });
    const publicOther = await buildProject(h.db, { workspace: team.workspace, network: 2 });
    const url = `/api/workspaces/${team.workspace.slug}/projects/`;
    const ids = async (client: typeof team.as.admin) => {
      const res = await client.get<Project[]>(url);
      assert.equal(res.status, 200);
      return new Set(res.body.map((p) => p.id));
    };
    assert.deepEqual(await ids(team.as.admin), new Set([team.project.id, secret.id, publicOther.id]));
    assert.deepEqual(await ids(team.as.member), new Set([team.project.id, publicOther.id]));
    assert.deepEqual(await ids(team.as.guest), new Set([team.project.id]));
    // The team project is public too (Plane's default network).
    assert.deepEqual(await ids(team.as.outsider), new Set([team.project.id, publicOther.id]));
    const memberView = (await team.as.member.get<Project[]>(url)).body;
    assert.equal(memberView.find((p) => p.id === team.project.id)?.is_member, true);
    assert.equal(memberView.find((p) => p.id === team.project.id)?.member_role, 15);
    assert.equal(memberView.find((p) => p.id === team.project.id)?.total_members, 3);
    assert.equal(memberView.find((p) => p.id === publicOther.id)?.is_member, false);
    assert.equal(memberView.find((p) => p.id === publicOther.id)?.member_role, null);
  });

  it('answers 404 to non-members of the workspace and 401 to anonymous callers', async () => {
    const team = await buildTeam(h);
    const stranger = await h.as((await buildUser(h.db)).id);
    assert.equal((await stranger.get(`/api/workspaces/${team.workspace.slug}/projects`)).status, 404);
    assert.equal((await h.anonymous.get(`/api/workspaces/${team.workspace.slug}/projects`)).status, 401);
  });
});

describe('GET/PATCH/DELETE /api/workspaces/:slug/projects/:projectId', () => {
  it('reads a project for its members (guests included) and 404s for everyone else', async () => {
    const team = await buildTeam(h);
    for (const client of [team.as.admin, team.as.member, team.as.guest]) {
      const res = await client.get<Project>(team.base);
      assert.equal(res.status, 200);
      assert.equal(res.body.id, team.project.id);
    }
    assert.equal((await team.as.outsider.get(team.base)).status, 404);
    const other = await buildTeam(h);
    // Another workspace's project, through this workspace's slug or its own: 404 either way.
    assert.equal((await team.as.admin.get(`/api/workspaces/${team.workspace.slug}/projects/${other.project.id}`)).status, 404);
    assert.equal((await team.as.admin.get(other.base)).status, 404);
    assert.equal((await team.as.admin.get(`/api/workspaces/${team.workspace.slug}/projects/${NIL_UUID}`)).status, 404);
    assert.equal((await team.as.admin.get(`/api/workspaces/${team.workspace.slug}/projects/not-a-uuid`)).status, 404);
  });

  it('updates settings for project admins only; members and guests get 403', async () => {
    const team = await buildTeam(h);
    const res = await team.as.admin.patch<Project>(team.base, {
      name: 'Renamed',
      identifier: 'rn1',
      network: 0,
      cycle_view: false,
      intake_view: true,
      archive_in: 6,
      close_in: 2,
      project_lead: team.member.id,
      default_assignee: team.guest.id,
      timezone: 'Asia/Tokyo',
      emoji: null,
      cover_image: null,
      created_by: team.member.id,
      workspace: NIL_UUID,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, 'Renamed');
    assert.equal(res.body.identifier, 'RN1');
    assert.equal(res.body.network, 0);
    assert.equal(res.body.cycle_view, false);
    assert.equal(res.body.intake_view, true);
    assert.equal(res.body.archive_in, 6);
    assert.equal(res.body.close_in, 2);
    assert.equal(res.body.project_lead, team.member.id);
    assert.equal(res.body.default_assignee, team.guest.id);
    assert.equal(res.body.timezone, 'Asia/Tokyo');
    assert.equal(res.body.created_by, team.admin.id);
    assert.equal(res.body.workspace, team.workspace.id);
    assert.equal(res.body.updated_by, team.admin.id);
    assert.equal((await team.as.member.patch(team.base, { name: 'By member' })).status, 403);
    assert.equal((await team.as.guest.patch(team.base, { name: 'By guest' })).status, 403);
    assert.equal((await team.as.outsider.patch(team.base, { name: 'By outsider' })).status, 404);
    assert.equal((await h.db.query('SELECT name FROM projects WHERE id = $1', [team.project.id])).rows[0].name, 'Renamed');
  });

  it('refuses bad updates with 400 and taken identifiers/names with 409', async () => {
    const team = await buildTeam(h);
    const other = await buildProject(h.db, { workspace: team.workspace });
    const elsewhere = await buildTeam(h);
    for (const [body, status, pattern] of [
      [{ identifier: other.identifier }, 409, /identifier/],
      [{ name: other.name }, 409, /name/],
      [{ name: '' }, 400, /name/],
      [{ identifier: 'TOO-LONG-IDENTIFIER' }, 400, /identifier/],
      [{ network: 5 }, 400, /network/],
      [{ archive_in: 99 }, 400, /archive_in/],
      [{ project_lead: elsewhere.admin.id }, 400, /lead/],
      [{ default_assignee: elsewhere.member.id }, 400, /assignee/],
      [{ timezone: 'utc+5' }, 400, /time zone/],
      [{ intake_view: 'yes please' }, 400, /intake_view/],
    ] as [Record<string, unknown>, number, RegExp][]) {
      const res = await team.as.admin.patch(team.base, body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.match(String(res.body.error), pattern);
    }
    // null is refused where a field is not nullable (ajv would coerce it to 0/""/false) and clears one that is.
    for (const field of ['network', 'name', 'module_view', 'archive_in', 'timezone', 'logo_props']) {
      const res = await team.as.admin.patch(team.base, { [field]: null });
      assert.equal(res.status, 400, field);
      assert.match(String(res.body.error), new RegExp(`${field} may not be null`));
    }
    assert.equal((await h.db.query('SELECT network FROM projects WHERE id = $1', [team.project.id])).rows[0].network, 2);
    await team.as.admin.patch(team.base, { project_lead: team.member.id });
    const cleared = await team.as.admin.patch<Project>(team.base, { project_lead: null, emoji: null, description_text: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.project_lead, null);
    // Its own identifier and name (in another case) are not a conflict.
    const same = await team.as.admin.patch<Project>(team.base, {
      identifier: team.project.identifier,
      name: team.project.name.toLowerCase(),
    });
    assert.equal(same.status, 200);
  });

  it('soft-deletes for project admins (204), frees the identifier, and then answers 404', async () => {
    const team = await buildTeam(h);
    assert.equal((await team.as.member.delete(team.base)).status, 403);
    assert.equal((await team.as.admin.delete(team.base)).status, 204);
    assert.equal((await team.as.admin.get(team.base)).status, 404);
    assert.equal((await team.as.admin.delete(team.base)).status, 404);
    const { rows } = await h.db.query('SELECT deleted_at FROM projects WHERE id = $1', [team.project.id]);
    assert.ok(rows[0].deleted_at instanceof Date);
    const list = await team.as.admin.get<Project[]>(`/api/workspaces/${team.workspace.slug}/projects`);
    assert.equal(
      list.body.some((p) => p.id === team.project.id),
      false,
    );
    const again = await team.as.admin.post(`/api/workspaces/${team.workspace.slug}/projects`, {
      name: team.project.name,
      identifier: team.project.identifier,
    });
    assert.equal(again.status, 201);
  });
});

describe('archive / unarchive', () => {
  it('hides an archived project from lists and normal routes, lists it under /archived, and restores it', async () => {
    const team = await buildTeam(h);
    const projects = `/api/workspaces/${team.workspace.slug}/projects`;
    assert.equal((await team.as.member.post(`${team.base}/archive/`)).status, 403);
    assert.equal((await team.as.admin.post(`${team.base}/archive/`)).status, 204);
    const archivedAt = (await h.db.query('SELECT archived_at FROM projects WHERE id = $1', [team.project.id])).rows[0].archived_at;
    assert.ok(archivedAt instanceof Date);
    assert.equal((await team.as.admin.get(team.base)).status, 404);
    assert.equal((await team.as.admin.get(`${team.base}/states`)).status, 404);
    assert.equal((await team.as.admin.patch(team.base, { name: 'x' })).status, 404);
    assert.equal(
      (await team.as.admin.get<Project[]>(projects)).body.some((p) => p.id === team.project.id),
      false,
    );
    const archived = await team.as.member.get<Project[]>(`${projects}/archived/`);
    assert.equal(archived.status, 200);
    assert.deepEqual(
      archived.body.map((p) => p.id),
      [team.project.id],
    );
    assert.ok(archived.body[0]?.archived_at);
    // Archiving again keeps the first date.
    assert.equal((await team.as.admin.post(`${team.base}/archive`)).status, 204);
    assert.deepEqual(
      (await h.db.query('SELECT archived_at FROM projects WHERE id = $1', [team.project.id])).rows[0].archived_at,
      archivedAt,
    );
    assert.equal((await team.as.member.delete(`${team.base}/archive`)).status, 403);
    assert.equal((await team.as.admin.delete(`${team.base}/archive`)).status, 204);
    assert.equal((await team.as.admin.get(team.base)).status, 200);
    assert.equal((await team.as.admin.get<Project[]>(`${projects}/archived`)).body.length, 0);
  });

  it('answers 404 for another workspace’s project', async () => {
    const team = await buildTeam(h);
    const other = await buildTeam(h);
    assert.equal((await team.as.admin.post(`/api/workspaces/${team.workspace.slug}/projects/${other.project.id}/archive`)).status, 404);
    assert.equal((await h.db.query('SELECT archived_at FROM projects WHERE id = $1', [other.project.id])).rows[0].archived_at, null);
  });
});

describe('POST /api/workspaces/:slug/projects/:projectId/join', () => {
  it('lets a workspace member join a public project, a workspace admin any project, and no one else', async () => {
    const team = await buildTeam(h);
    const secret = await buildProject(h.db, { workspace: team.workspace, network: 0 });
    const publicOne = await buildProject(h.db, { workspace: team.workspace, network: 2 });
    const url = (id: string) => `/api/workspaces/${team.workspace.slug}/projects/${id}/join/`;
    const joined = await team.as.outsider.post<Project>(url(publicOne.id));
    assert.equal(joined.status, 201);
    assert.equal(joined.body.is_member, true);
    assert.equal(joined.body.member_role, 15);
    assert.equal((await team.as.outsider.post(url(publicOne.id))).status, 409);
    assert.equal((await team.as.outsider.post(url(secret.id))).status, 404);
    const wsAdmin = await userIn(h, team.workspace, 20);
    const adminJoin = await wsAdmin.client.post<Project>(url(secret.id));
    assert.equal(adminJoin.status, 201);
    assert.equal(adminJoin.body.member_role, 20);
    const wsGuest = await userIn(h, team.workspace, 5);
    assert.equal((await wsGuest.client.post(url(publicOne.id))).status, 403);
    assert.equal((await wsGuest.client.post(url(secret.id))).status, 404);
    const other = await buildTeam(h);
    assert.equal((await team.as.outsider.post(url(other.project.id))).status, 404);
    assert.equal((await team.as.outsider.post(url('nope'))).status, 404);
  });
});
