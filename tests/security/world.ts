// Two workspaces, A and B, each with a full set of objects (project, states, labels, work items,
// comments, links, relations, attachments, invitations, …). A has an admin, a member, a guest and
// there is an outsider in neither; B's names all carry "SECRET_B" so any leak of them is found by text.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Pool } from '../../server/db/pool.ts';
import { addWorkspaceMember, buildUser, buildWorkspace, type UserRow, type WorkspaceRow } from '../factories/accounts.ts';
import { addProjectMember, buildLabel, buildProject, buildState, type ProjectFixture } from '../factories/projects.ts';
import { buildWorkItem } from '../factories/workItems.ts';
import type { ApiHarness } from '../helpers/apiHarness.ts';
import { type Ledger, type RawResponse, type Session, send, signIn } from './rawClient.ts';

/** The kinds of object an id slot (path param, query parameter, body field) refers to. */
export type Slot =
  | 'slug'
  | 'project'
  | 'issue'
  | 'issue2'
  | 'state'
  | 'label'
  /** A second label (a child of `label`). */
  | 'label2'
  | 'comment'
  | 'link'
  | 'attachment'
  | 'activity'
  | 'invitation'
  /** A private sticky of the side's admin. */
  | 'sticky'
  /** A workspace member's user id (workspace member routes, assignees, leads, project member adds). */
  | 'user'
  /** A project membership's row id (project member routes). */
  | 'projectMember'
  /** A module of the project (with `issue` in it). */
  | 'module'
  /** A cycle of the project (current: dates around today), with `issue` in it. */
  | 'cycle'
  /** A pending intake item of the project: the id is its WORK ITEM's. */
  | 'intakeIssue'
  /** The project's active estimate, and its first point. */
  | 'estimate'
  | 'estimatePoint'
  /** A webhook of the side's workspace, listening to every event (IP-literal public URL; nothing delivers in these tests). */
  | 'webhook'
  /** A work item's human key, IDENT-123. */
  | 'key';

export type Ids = Record<Slot, string>;

export interface Side {
  tag: string;
  workspace: WorkspaceRow;
  project: ProjectFixture;
  admin: UserRow;
  member: UserRow;
  ids: Ids;
}

/** `stranger`: a member of A's workspace who is not in A's project. */
export type RoleName = 'admin' | 'member' | 'guest' | 'outsider' | 'stranger';

export interface World {
  h: ApiHarness;
  ledger: Ledger;
  a: Side;
  /** A second project in A's workspace (A's admin and member are in it): for project scoping. */
  a2: Side;
  b: Side;
  guest: UserRow;
  outsider: UserRow;
  sessions: Record<RoleName, Session>;
  /** Session + CSRF cookie of nobody: gets past the CSRF check, so a write answers 401 rather than 403. */
  anonymousCookie: string;
  /** Every uuid found in B's rows, and B's secret marker. */
  bSecrets(): Promise<Set<string>>;
  /** A request as `role` (or anonymously), with the CSRF token on writes. */
  call(role: RoleName | 'anonymous', method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse>;
}

let counter = 0;
export const uniq = (): string => `${process.pid}${++counter}${randomUUID().slice(0, 4)}`;

async function api(
  app: FastifyInstance,
  ledger: Ledger,
  session: Session,
  method: string,
  url: string,
  body?: unknown,
): Promise<RawResponse> {
  const res = await send(app, ledger, { method, url, body, cookie: session.cookie, headers: session.writeHeaders });
  if (res.status >= 300) throw new Error(`world setup: ${method} ${url} → ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

const idOf = (res: RawResponse): string => {
  const body = res.body as { id?: unknown } | Array<{ id?: unknown }>;
  const id = Array.isArray(body) ? body[0]?.id : body.id;
  if (typeof id !== 'string') throw new Error(`world setup: no id in ${res.text.slice(0, 200)}`);
  return id;
};

export const projectBase = (ids: Pick<Ids, 'slug' | 'project'>): string => `/api/workspaces/${ids.slug}/projects/${ids.project}`;
export const issueBase = (ids: Pick<Ids, 'slug' | 'project' | 'issue'>): string => `${projectBase(ids)}/issues/${ids.issue}`;

export interface Builders {
  /** A new user in A's workspace (role 15), not in A's project. */
  user(): Promise<string>;
  issue(overrides?: { archived?: boolean; draft?: boolean; completed?: boolean }): Promise<string>;
  state(): Promise<string>;
  label(): Promise<string>;
  comment(issueId?: string): Promise<string>;
  link(): Promise<string>;
  /** A new work item of A's project related (relates_to) to A's `issue2`; its id. */
  relatedIssue(): Promise<string>;
  attachment(options?: { uploaded?: boolean }): Promise<string>;
  invitation(): Promise<string>;
  /** A sticky of A's admin. */
  sticky(): Promise<string>;
  /** A module of A's project; `withIssue` puts A's `issue` in it, `archived` makes it completed and archived. */
  module(options?: { status?: 'planned' | 'completed'; withIssue?: boolean; archived?: boolean }): Promise<string>;
  /** A cycle of A's project, current unless `completed` (ended) or `archived` (ended and archived); `issues` go in it. */
  cycle(options?: CycleOptions): Promise<string>;
  /** A pending intake item in A's project (its work item's id). */
  intakeIssue(): Promise<string>;
  /** An estimate of A's project (not the active one). */
  estimate(): Promise<string>;
  /** A webhook of A's workspace. */
  webhook(): Promise<string>;
  /** A project member row (role 15) of a new user in A's project. */
  projectMember(): Promise<string>;
  /** A new project in A; `creator` member makes one A's admin is not in; `secondAdmin` lets the admin leave. */
  project(options?: { creator?: 'admin' | 'member'; archived?: boolean; secondAdmin?: boolean }): Promise<string>;
  /** A new workspace owned by A's admin with a second admin (so the first may leave). */
  workspace(): Promise<string>;
}

/** Builds objects in side A as its admin (through the API where the route exists, else factories). */
export function builders(world: World): Builders {
  const { h, ledger, a } = world;
  const s = world.sessions.admin;
  const self: Builders = {
    async user() {
      const user = await buildUser(h.db);
      await addWorkspaceMember(h.db, a.workspace, user, 15);
      return user.id;
    },
    async issue(overrides = {}) {
      const item = await buildWorkItem(h.db, { project: a.project, creator: a.admin, ...(overrides.draft ? { is_draft: true } : {}) });
      if (overrides.archived) await h.db.query('UPDATE issues SET archived_at = now() WHERE id = $1', [item.id]);
      if (overrides.completed)
        await h.db.query(
          `UPDATE issues SET state_id = (SELECT id FROM states WHERE project_id = $2 AND "group" = 'completed' LIMIT 1) WHERE id = $1`,
          [item.id, a.project.id],
        );
      return item.id;
    },
    async state() {
      return (await buildState(h.db, a.project, { name: `State ${uniq()}` })).id;
    },
    async label() {
      return (await buildLabel(h.db, a.project, { name: `Label ${uniq()}` })).id;
    },
    async comment(issueId = a.ids.issue) {
      return idOf(
        await api(h.app, ledger, s, 'POST', `${issueBase({ ...a.ids, issue: issueId })}/comments`, {
          comment_html: `<p>comment ${uniq()}</p>`,
        }),
      );
    },
    async link() {
      return idOf(await api(h.app, ledger, s, 'POST', `${issueBase(a.ids)}/links`, { url: `https://example.com/${uniq()}`, title: 'x' }));
    },
    async relatedIssue() {
      const issue = await self.issue();
      await api(h.app, ledger, s, 'POST', `${issueBase({ ...a.ids, issue })}/relations`, {
        relation_type: 'relates_to',
        issues: [a.ids.issue2],
      });
      return issue;
    },
    async attachment(options = {}) {
      return declareAttachment(h.app, ledger, a, s, options.uploaded ?? false);
    },
    async invitation() {
      return idOf(
        await api(h.app, ledger, s, 'POST', `/api/workspaces/${a.ids.slug}/invitations`, {
          emails: [{ email: `invitee-${uniq()}@example.com`, role: 15 }],
        }),
      );
    },
    async module(options = {}) {
      const base = `${projectBase(a.ids)}/modules`;
      const status = options.archived ? 'completed' : (options.status ?? 'planned');
      const id = idOf(await api(h.app, ledger, s, 'POST', base, { name: `Module ${uniq()}`, status }));
      if (options.withIssue) await api(h.app, ledger, s, 'POST', `${base}/${id}/module-issues`, { issues: [a.ids.issue] });
      if (options.archived) await api(h.app, ledger, s, 'POST', `${base}/${id}/archive`);
      return id;
    },
    async sticky() {
      return idOf(await api(h.app, ledger, s, 'POST', `/api/workspaces/${a.ids.slug}/stickies`, { name: `Sticky ${uniq()}` }));
    },
    async cycle(options = {}) {
      return buildCycle(h.app, ledger, s, a.ids, options);
    },
    async intakeIssue() {
      const res = await api(h.app, ledger, s, 'POST', `${projectBase(a.ids)}/intake-issues`, { issue: { name: `Intake ${uniq()}` } });
      return String((res.body as { issue?: unknown }).issue);
    },
    async estimate() {
      return idOf(await api(h.app, ledger, s, 'POST', `${projectBase(a.ids)}/estimates`, { estimate: { name: `Estimate ${uniq()}` } }));
    },
    async webhook() {
      return idOf(
        await api(h.app, ledger, s, 'POST', `/api/workspaces/${a.ids.slug}/webhooks`, {
          url: `https://93.184.215.14/${uniq()}`,
          issue: true,
        }),
      );
    },
    async projectMember() {
      const user = await self.user();
      await addProjectMember(h.db, a.project, { id: user }, 15);
      const { rows } = await h.db.query<{ id: string }>('SELECT id FROM project_members WHERE project_id = $1 AND member_id = $2', [
        a.project.id,
        user,
      ]);
      return rows[0]?.id ?? '';
    },
    async project(options = {}) {
      const creator = options.creator === 'member' ? a.member : a.admin;
      const project = await buildProject(h.db, { workspace: a.workspace, creator, name: `Project ${uniq()}` });
      if (options.secondAdmin) await addProjectMember(h.db, project, a.member, 20);
      if (options.archived) await h.db.query('UPDATE projects SET archived_at = now() WHERE id = $1', [project.id]);
      return project.id;
    },
    async workspace() {
      const workspace = await buildWorkspace(h.db, { owner: a.admin });
      await addWorkspaceMember(h.db, workspace, a.member, 20);
      return workspace.slug;
    },
  };
  return self;
}

async function declareAttachment(app: FastifyInstance, ledger: Ledger, side: Side, session: Session, upload: boolean): Promise<string> {
  const content = upload ? `file of ${side.tag} ${uniq()}` : 'ABCDE';
  const declared = await api(app, ledger, session, 'POST', `${issueBase(side.ids)}/attachments`, {
    name: `${side.tag}-file-${uniq()}.txt`,
    type: 'text/plain',
    size: Buffer.byteLength(content),
  });
  const id = idOf(declared);
  if (upload) {
    const res = await send(app, ledger, {
      method: 'PUT',
      url: `${issueBase(side.ids)}/attachments/${id}/upload`,
      body: content,
      cookie: session.cookie,
      headers: { ...session.writeHeaders, 'content-type': 'text/plain' },
    });
    if (res.status >= 300) throw new Error(`world setup: upload → ${res.status} ${res.text.slice(0, 200)}`);
  }
  return id;
}

interface CycleOptions {
  completed?: boolean;
  archived?: boolean;
  issues?: string[];
  name?: string;
}

/** A cycle through the app API: yesterday → in a week, or (completed / archived) ten days ago → two days ago. */
async function buildCycle(app: FastifyInstance, ledger: Ledger, session: Session, ids: Ids, options: CycleOptions): Promise<string> {
  const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const ended = options.completed === true || options.archived === true;
  const base = `${projectBase(ids)}/cycles`;
  const id = idOf(
    await api(app, ledger, session, 'POST', base, {
      name: options.name ?? `Cycle ${uniq()}`,
      start_date: day(ended ? -10 : -1),
      end_date: day(ended ? -2 : 7),
    }),
  );
  if (options.issues) await api(app, ledger, session, 'POST', `${base}/${id}/cycle-issues`, { issues: options.issues });
  if (options.archived) await api(app, ledger, session, 'POST', `${base}/${id}/archive`);
  return id;
}

/** A workspace (or, `within` another side, just a second project there) with one of every object. */
async function buildSide(h: ApiHarness, ledger: Ledger, tag: string, within?: Side): Promise<Side> {
  const mark = tag.toLowerCase();
  const admin = within?.admin ?? (await buildUser(h.db, { email: `${mark}-admin-${uniq()}@example.com`, first_name: `${tag} admin` }));
  const member = within?.member ?? (await buildUser(h.db, { email: `${mark}-member-${uniq()}@example.com`, first_name: `${tag} member` }));
  const workspace =
    within?.workspace ??
    (await buildWorkspace(h.db, {
      owner: admin,
      slug: `${mark.replace(/_/g, '-')}-${uniq()}`.slice(0, 40),
      name: `${tag} workspace`,
    }));
  const project = await buildProject(h.db, {
    workspace,
    creator: admin,
    name: `${tag} project`,
    identifier: { SECRET_B: 'BBB', SECRET_A: 'AAA' }[tag] ?? 'AAB',
  });
  await addProjectMember(h.db, project, member, 15);
  const state = await buildState(h.db, project, { name: `${tag} state` });
  const parentLabel = await buildLabel(h.db, project, { name: `${tag} label` });
  const childLabel = await buildLabel(h.db, project, { name: `${tag} child label`, parent: parentLabel });
  const issue = await buildWorkItem(h.db, {
    project,
    creator: admin,
    name: `${tag} work item`,
    state_id: state.id,
    labels: [parentLabel.id],
    assignees: [member.id],
    description_html: `<p>${tag} description</p>`,
  });
  const issue2 = await buildWorkItem(h.db, { project, creator: admin, name: `${tag} second work item`, parent_id: issue.id });
  const { rows: pm } = await h.db.query<{ id: string }>('SELECT id FROM project_members WHERE project_id = $1 AND member_id = $2', [
    project.id,
    member.id,
  ]);
  const ids: Ids = {
    slug: workspace.slug,
    project: project.id,
    issue: issue.id,
    issue2: issue2.id,
    state: state.id,
    label: parentLabel.id,
    label2: childLabel.id,
    comment: '',
    link: '',
    attachment: '',
    activity: '',
    invitation: '',
    sticky: '',
    user: member.id,
    projectMember: pm[0]?.id ?? '',
    module: '',
    cycle: '',
    intakeIssue: '',
    estimate: '',
    estimatePoint: '',
    webhook: '',
    key: `${project.identifier}-${issue.sequence_id}`,
  };
  const side: Side = { tag, workspace, project, admin, member, ids };
  const session = await signIn(h.db, admin.id);
  const base = issueBase(ids);
  ids.comment = idOf(await api(h.app, ledger, session, 'POST', `${base}/comments`, { comment_html: `<p>${tag} comment</p>` }));
  await api(h.app, ledger, session, 'POST', `${base}/comments/${ids.comment}/reactions`, { reaction: '👍' });
  ids.link = idOf(await api(h.app, ledger, session, 'POST', `${base}/links`, { url: `https://example.com/${mark}`, title: `${tag} link` }));
  await api(h.app, ledger, session, 'POST', `${base}/relations`, { relation_type: 'blocked_by', issues: [issue2.id] });
  // The creator may be subscribed already (Plane subscribes creators and assignees).
  const subscribed = await send(h.app, ledger, {
    method: 'POST',
    url: `${base}/subscribe`,
    cookie: session.cookie,
    headers: session.writeHeaders,
  });
  if (subscribed.status !== 201 && subscribed.status !== 409)
    throw new Error(`world setup: subscribe → ${subscribed.status} ${subscribed.text.slice(0, 200)}`);
  ids.attachment = await declareAttachment(h.app, ledger, side, session, true);
  ids.invitation = idOf(
    await api(h.app, ledger, session, 'POST', `/api/workspaces/${ids.slug}/invitations`, {
      emails: [{ email: `${mark}-invitee@example.com`, role: 15 }],
    }),
  );
  ids.sticky = idOf(
    await api(h.app, ledger, session, 'POST', `/api/workspaces/${ids.slug}/stickies`, {
      name: `${tag} sticky`,
      description_html: `<p>${tag} sticky</p>`,
    }),
  );
  ids.webhook = idOf(
    await api(h.app, ledger, session, 'POST', `/api/workspaces/${ids.slug}/webhooks`, {
      url: `https://93.184.215.14/${mark}`,
      project: true,
      issue: true,
      module: true,
      cycle: true,
      issue_comment: true,
    }),
  );
  const { rows: activity } = await h.db.query<{ id: string }>(
    'SELECT id FROM issue_activities WHERE issue_id = $1 ORDER BY created_at LIMIT 1',
    [issue.id],
  );
  ids.activity = activity[0]?.id ?? '';
  // Intake switched on with one pending item; an estimate with points, the project's active one.
  await api(h.app, ledger, session, 'PATCH', projectBase(ids), { intake_view: true });
  const intake = await api(h.app, ledger, session, 'POST', `${projectBase(ids)}/intake-issues`, { issue: { name: `${tag} intake item` } });
  ids.intakeIssue = String((intake.body as { issue?: unknown }).issue);
  const estimate = await api(h.app, ledger, session, 'POST', `${projectBase(ids)}/estimates`, {
    estimate: { name: `${tag} estimate`, type: 'points' },
    estimate_points: [
      { key: 0, value: '1' },
      { key: 1, value: '2' },
    ],
  });
  ids.estimate = idOf(estimate);
  ids.estimatePoint = String((estimate.body as { points?: Array<{ id?: unknown }> }).points?.[0]?.id);
  await api(h.app, ledger, session, 'PATCH', projectBase(ids), { estimate: ids.estimate });
  ids.cycle = await buildCycle(h.app, ledger, session, ids, { name: `${tag} cycle`, issues: [issue.id] });
  const modules = `${projectBase(ids)}/modules`;
  ids.module = idOf(await api(h.app, ledger, session, 'POST', modules, { name: `${tag} module`, lead: member.id, members: [member.id] }));
  await api(h.app, ledger, session, 'POST', `${modules}/${ids.module}/module-issues`, { issues: [issue.id] });
  return side;
}

export async function buildWorld(h: ApiHarness, ledger: Ledger): Promise<World> {
  const guest = await buildUser(h.db, { email: `secret_a-guest-${uniq()}@example.com` });
  const outsider = await buildUser(h.db, { email: `outsider-${uniq()}@example.com` });
  const stranger = await buildUser(h.db, { email: `stranger-${uniq()}@example.com` });
  const b = await buildSide(h, ledger, 'SECRET_B');
  const a = await buildSide(h, ledger, 'SECRET_A');
  const a2 = await buildSide(h, ledger, 'SECRET_A2', a);
  await addWorkspaceMember(h.db, a.workspace, guest, 5);
  await addProjectMember(h.db, a.project, guest, 5);
  await addWorkspaceMember(h.db, a.workspace, stranger, 15);
  const sessions: Record<RoleName, Session> = {
    admin: await signIn(h.db, a.admin.id),
    member: await signIn(h.db, a.member.id),
    guest: await signIn(h.db, guest.id),
    outsider: await signIn(h.db, outsider.id),
    stranger: await signIn(h.db, stranger.id),
  };
  const anonymousCsrf = 'anonymous-csrf-token-000000';
  const anonymousCookie = `hangar_csrf=${anonymousCsrf}`;
  return {
    h,
    ledger,
    a,
    a2,
    b,
    guest,
    outsider,
    sessions,
    anonymousCookie,
    async bSecrets() {
      const secrets = new Set<string>(['SECRET_B', 'secret_b', b.ids.slug]);
      for (const text of Object.values(await snapshotWorkspace(h.db, b)))
        for (const id of text.match(UUID_G) ?? []) secrets.add(id.toLowerCase());
      for (const id of Object.values(a.ids)) secrets.delete(id);
      for (const user of [a.admin, a.member, guest, outsider, stranger]) secrets.delete(user.id);
      return secrets;
    },
    call(role, method, url, body, headers = {}) {
      const session = role === 'anonymous' ? null : sessions[role];
      const cookie = session ? session.cookie : anonymousCookie;
      const csrf = session ? session.writeHeaders : { 'x-csrf-token': anonymousCsrf };
      return send(h.app, ledger, { method, url, body, cookie, headers: { ...(method === 'GET' ? {} : csrf), ...headers } });
    },
  };
}

export const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface TableInfo {
  name: string;
  columns: Set<string>;
}
let tableCache: Promise<TableInfo[]> | null = null;

async function tables(db: Pool): Promise<TableInfo[]> {
  tableCache ??= db
    .query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    )
    .then(({ rows }) => {
      const map = new Map<string, Set<string>>();
      for (const row of rows) {
        const set = map.get(row.table_name) ?? new Set<string>();
        set.add(row.column_name);
        map.set(row.table_name, set);
      }
      return [...map.entries()].map(([name, columns]) => ({ name, columns })).sort((x, y) => x.name.localeCompare(y.name));
    });
  return tableCache;
}

/**
 * Every row that belongs to a side's workspace, as text per table: rows with its workspace_id, rows of
 * its projects or work items in tables without one, the workspace row, its users and their sessions.
 */
export async function snapshotWorkspace(db: Pool, side: Side): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const ws = side.workspace.id;
  const scoped: Array<[string, string, unknown[]]> = [
    ['workspaces', 'SELECT * FROM workspaces WHERE id = $1', [ws]],
    ['users', 'SELECT * FROM users WHERE id = ANY($1::uuid[]) ORDER BY id', [[side.admin.id, side.member.id]]],
    ['sessions', 'SELECT * FROM sessions WHERE user_id = ANY($1::uuid[]) ORDER BY 1', [[side.admin.id, side.member.id]]],
  ];
  for (const table of await tables(db)) {
    if (['workspaces', 'users', 'sessions'].includes(table.name)) continue;
    const q = `"${table.name}"`;
    if (table.columns.has('workspace_id')) scoped.push([table.name, `SELECT * FROM ${q} t WHERE workspace_id = $1 ORDER BY t::text`, [ws]]);
    else if (table.columns.has('project_id'))
      scoped.push([
        table.name,
        `SELECT * FROM ${q} t WHERE project_id IN (SELECT id FROM projects WHERE workspace_id = $1) ORDER BY t::text`,
        [ws],
      ]);
    else if (table.columns.has('issue_id'))
      scoped.push([
        table.name,
        `SELECT * FROM ${q} t WHERE issue_id IN (SELECT id FROM issues WHERE workspace_id = $1) ORDER BY t::text`,
        [ws],
      ]);
  }
  scoped.push([
    'email_outbox',
    "SELECT * FROM email_outbox t WHERE body_text LIKE '%' || $1 || '%' OR subject LIKE '%' || $2 || '%' ORDER BY t::text",
    [side.workspace.slug, side.tag],
  ]);
  for (const [name, sql, params] of scoped) {
    const { rows } = await db.query(sql, params);
    snapshot[name] = JSON.stringify(rows);
  }
  return snapshot;
}

/** Table names whose rows differ between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

/** Rows of A's workspace that mention one of B's ids: a cross-workspace reference written into A. */
export async function crossReferences(db: Pool, a: Side, bIds: Set<string>): Promise<string[]> {
  const ids = [...bIds].filter((x) => /^[0-9a-f-]{36}$/i.test(x));
  if (ids.length === 0) return [];
  const pattern = ids.map((x) => x.toLowerCase()).join('|');
  const found: string[] = [];
  for (const table of await tables(db)) {
    if (!table.columns.has('workspace_id')) continue;
    const { rows } = await db.query<{ row: string }>(
      `SELECT t::text AS row FROM "${table.name}" t WHERE workspace_id = $1 AND lower(t::text) ~ $2`,
      [a.workspace.id, pattern],
    );
    for (const row of rows) found.push(`${table.name}: ${row.row.slice(0, 300)}`);
  }
  return found;
}

/** Rows outside B (any table) whose text mentions one of `markers` (B's ids, forged values…). */
export async function mentionsOutside(db: Pool, b: Side, markers: string[]): Promise<string[]> {
  const wanted = markers.filter(Boolean).map((m) => m.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (wanted.length === 0) return [];
  const pattern = wanted.join('|');
  const bUsers = [b.admin.id, b.member.id];
  const found: string[] = [];
  for (const table of await tables(db)) {
    const q = `"${table.name}"`;
    let notB = 'true';
    if (table.name === 'workspaces') notB = 'id <> $2';
    else if (table.name === 'email_outbox') notB = 'strpos(body_text, $4) = 0';
    else if (table.name === 'users') notB = 'NOT (id = ANY($3::uuid[]))';
    else if (table.name === 'sessions') notB = 'NOT (user_id = ANY($3::uuid[]))';
    else if (table.columns.has('workspace_id')) notB = 'workspace_id <> $2';
    else if (table.columns.has('project_id')) notB = 'project_id NOT IN (SELECT id FROM projects WHERE workspace_id = $2)';
    else if (table.columns.has('issue_id')) notB = 'issue_id NOT IN (SELECT id FROM issues WHERE workspace_id = $2)';
    const { rows } = await db.query<{ row: string }>(
      `SELECT t::text AS row FROM ${q} t WHERE ${notB} AND lower(t::text) ~ $1 AND $2::uuid IS NOT NULL AND $3::uuid[] IS NOT NULL AND $4::text IS NOT NULL`,
      [pattern, b.workspace.id, bUsers, b.workspace.slug],
    );
    for (const row of rows) found.push(`${table.name}: ${row.row.slice(0, 300)}`);
  }
  return found;
}

/** Every row of one project (its row, rows with its project_id, rows of its work items), as text per table. */
export async function snapshotProject(db: Pool, projectId: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  snapshot.projects = JSON.stringify((await db.query('SELECT * FROM projects WHERE id = $1', [projectId])).rows);
  for (const table of await tables(db)) {
    const q = `"${table.name}"`;
    let sql: string | null = null;
    if (table.columns.has('project_id')) sql = `SELECT * FROM ${q} t WHERE project_id = $1 ORDER BY t::text`;
    else if (table.columns.has('issue_id'))
      sql = `SELECT * FROM ${q} t WHERE issue_id IN (SELECT id FROM issues WHERE project_id = $1) ORDER BY t::text`;
    if (sql) snapshot[table.name] = JSON.stringify((await db.query(sql, [projectId])).rows);
  }
  return snapshot;
}
