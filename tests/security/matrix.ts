// The route matrix: one entry per /api route saying how to call it validly as A's admin, which of its
// id slots refer to which kind of object, and what guests may do. The inventory test fails for any
// route of the built app that has no entry here (or for an entry whose route is gone).
//
// Adding a route: add `'METHOD /path/:param': { … }` below. Path params named as in PARAM_SLOTS need
// nothing; others go in `params`. Give a valid body in `bodies` (and query in `query`/`queries`),
// asking every id through `id('state')` etc. so the matrix can swap it for B's object, A's other
// project's object and a random one. Destructive routes take `fresh` objects for the valid call. Then
// T13 (crossWorkspace), T14 (massAssignment), CSRF and bad input cover the route automatically.
import { randomUUID } from 'node:crypto';
import { type Builders, type Ids, type Slot, uniq } from './world.ts';

/** Picks the id for a slot: A's object normally; the matrix swaps single picks for B's or a random one. */
export type Pick = (slot: Slot) => string;

export interface Entry {
  /** Path params that do not follow the default names (see PARAM_SLOTS), or a fixed literal. */
  params?: Record<string, Slot | { literal: string }>;
  query?: (id: Pick) => Record<string, string>;
  /** Several valid query strings (tried like `bodies`; one per call variant). */
  queries?: Array<(id: Pick) => Record<string, string>>;
  /** One or more valid bodies (each is tried; body id slots are found by watching `id` calls). */
  bodies?: Array<(id: Pick) => unknown>;
  /** A raw (non-JSON) body. */
  raw?: { contentType: string; payload: string };
  /** For the admin's own (valid) call: fresh objects, so destructive routes do not eat the shared ones. */
  fresh?: (make: Builders) => Promise<Partial<Ids>>;
  /** Status(es) the admin's own valid call answers; default any 2xx. */
  ok?: number[];
  /** What A's guest gets on A's own objects: 'allow' 2xx, 'deny' 403/404, 'skip' (the call would change A, e.g. leave). Default: reads allow, writes deny. */
  guest?: 'allow' | 'deny' | 'skip';
  /** A's member on A's objects (reads only are tried): default 'allow'. */
  member?: 'allow' | 'deny';
  /** A workspace member outside the project may use this project route (join, a public project's page). */
  strangerAllowed?: true;
  /** Routes without workspace scope (users/me, workspace create): the cross-workspace part does not apply. */
  unscoped?: true;
}

/** Routes that need no session by design. */
export const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/instance',
  'POST /api/instance/setup',
  'GET /api/invitations/:token',
  'POST /api/invitations/:token/accept',
  'POST /api/invitations/:token/decline',
]);

export const PARAM_SLOTS: Record<string, Slot> = {
  slug: 'slug',
  projectId: 'project',
  issueId: 'issue',
  stateId: 'state',
  labelId: 'label',
  commentId: 'comment',
  linkId: 'link',
  attachmentId: 'attachment',
  activityId: 'activity',
  webhookId: 'webhook',
  cycleId: 'cycle',
  stickyId: 'sticky',
  moduleId: 'module',
  key: 'key',
};

/** A value of the same shape as a slot's ids that names nothing. */
export function randomFor(slot: Slot): string {
  if (slot === 'slug') return `nope-${randomUUID().slice(0, 8)}`;
  if (slot === 'key') return 'NOPE-424242';
  return randomUUID();
}

const W = '/api/workspaces/:slug';
const P = `${W}/projects/:projectId`;
const I = `${P}/issues/:issueId`;

const entries: Record<string, Entry> = {
  // Signed-in user, no workspace.
  'GET /api/instance/services': { unscoped: true, ok: [403] },
  'PATCH /api/instance': { unscoped: true, ok: [403], bodies: [() => ({ instance_name: 'Hangar' })] },
  'GET /api/instance/webhooks': { unscoped: true, ok: [403] },
  'PATCH /api/instance/webhooks': { unscoped: true, ok: [403], bodies: [() => ({ allow_private: false })] },
  'GET /api/users/me': { unscoped: true },
  'PATCH /api/users/me': { unscoped: true, bodies: [() => ({ first_name: 'Ada', timezone: 'Europe/Paris' })] },
  'POST /api/users/me/password': {
    unscoped: true,
    guest: 'skip',
    ok: [200, 400],
    bodies: [() => ({ old_password: 'password-123', new_password: 'password-123' })],
  },
  'GET /api/users/me/workspaces': { unscoped: true },
  'GET /api/users/me/api-tokens': { unscoped: true },
  'POST /api/users/me/api-tokens': {
    unscoped: true,
    bodies: [() => ({ label: 'matrix', description: 'd' }), (id) => ({ label: 'bound', workspace_slug: id('slug') })],
  },
  // Revoking is owner-scoped (tests/apiV1/apiTokens.test.ts); here a random id must stay "not found".
  'DELETE /api/users/me/api-tokens/:tokenId': { unscoped: true, params: { tokenId: { literal: randomUUID() } }, ok: [404] },
  'POST /api/workspaces': { unscoped: true, guest: 'skip', bodies: [() => ({ name: `WS ${uniq()}`, slug: `ws-${uniq()}` })] },
  'GET /api/workspaces/slug-check': { unscoped: true, query: () => ({ slug: 'free-slug' }) },
  'GET /api/workspace-slug-check': { unscoped: true, query: () => ({ slug: 'free-slug' }) },

  // Workspace.
  [`GET ${W}`]: {},
  [`PATCH ${W}`]: { bodies: [() => ({ organization_size: '2-10' })] },
  [`DELETE ${W}`]: { fresh: async (make) => ({ slug: await make.workspace() }) },
  [`GET ${W}/members`]: {},
  [`PATCH ${W}/members/:memberId`]: { params: { memberId: 'user' }, bodies: [() => ({ role: 15 })] },
  [`DELETE ${W}/members/:memberId`]: { params: { memberId: 'user' }, fresh: async (make) => ({ user: await make.user() }) },
  [`POST ${W}/members/leave`]: { guest: 'skip', fresh: async (make) => ({ slug: await make.workspace() }) },
  [`GET ${W}/invitations`]: { guest: 'deny' },
  [`POST ${W}/invitations`]: { bodies: [() => ({ emails: [{ email: `new-${uniq()}@example.com`, role: 15 }] })] },
  [`GET ${W}/invitations/:id`]: { params: { id: 'invitation' }, guest: 'deny' },
  [`PATCH ${W}/invitations/:id`]: { params: { id: 'invitation' }, bodies: [() => ({ role: 15 })] },
  [`DELETE ${W}/invitations/:id`]: { params: { id: 'invitation' }, fresh: async (make) => ({ invitation: await make.invitation() }) },
  [`GET ${W}/work-items/:key`]: { guest: 'deny' },
  [`GET ${W}/search`]: {
    queries: [() => ({ search: 'SECRET' }), (id) => ({ search: 'SECRET item', project_id: id('project') }), () => ({ search: 'BBB-1' })],
  },

  // Webhooks: workspace admins only (their secrets are in the answers).
  [`GET ${W}/webhooks`]: { guest: 'deny', member: 'deny' },
  [`POST ${W}/webhooks`]: {
    bodies: [() => ({ url: `https://93.184.215.14/matrix/${uniq()}`, is_active: true, project: true, issue: true, cycle: true })],
  },
  [`GET ${W}/webhooks/:webhookId`]: { guest: 'deny', member: 'deny' },
  [`PATCH ${W}/webhooks/:webhookId`]: { bodies: [() => ({ is_active: true, project: true, issue: true, module: true })] },
  [`DELETE ${W}/webhooks/:webhookId`]: { fresh: async (make) => ({ webhook: await make.webhook() }) },
  [`POST ${W}/webhooks/:webhookId/regenerate`]: { fresh: async (make) => ({ webhook: await make.webhook() }) },
  [`GET ${W}/webhooks/:webhookId/logs`]: { guest: 'deny', member: 'deny' },

  // Stickies: private to their owner (A's member never sees A's admin's), and guests have none.
  [`GET ${W}/stickies`]: { guest: 'deny', query: () => ({ query: 'sticky' }) },
  [`POST ${W}/stickies`]: { bodies: [() => ({ name: `Sticky ${uniq()}`, description_html: '<p>note</p>', background_color: 'peach' })] },
  [`GET ${W}/stickies/:stickyId`]: { guest: 'deny', member: 'deny' },
  [`PATCH ${W}/stickies/:stickyId`]: { bodies: [() => ({ name: `Sticky ${uniq()}`, sort_order: 1000 })] },
  [`DELETE ${W}/stickies/:stickyId`]: { fresh: async (make) => ({ sticky: await make.sticky() }) },

  // Projects.
  [`GET ${W}/projects`]: {},
  [`GET ${W}/projects/archived`]: {},
  [`GET ${W}/project-identifiers`]: { query: () => ({ name: 'AAA' }) },
  [`POST ${W}/projects`]: {
    bodies: [
      (id) => {
        const tag = uniq();
        return {
          name: `Project ${tag}`,
          identifier: `N${tag}`.slice(0, 12).toUpperCase(),
          project_lead: id('user'),
          default_assignee: id('user'),
        };
      },
    ],
  },
  [`GET ${P}`]: {},
  [`PATCH ${P}`]: {
    bodies: [
      (id) => ({ project_lead: id('user'), default_assignee: id('user'), description: 'd' }),
      (id) => ({ estimate: id('estimate') }),
    ],
  },
  [`DELETE ${P}`]: { fresh: async (make) => ({ project: await make.project() }) },
  [`POST ${P}/archive`]: { fresh: async (make) => ({ project: await make.project() }) },
  [`DELETE ${P}/archive`]: { fresh: async (make) => ({ project: await make.project({ archived: true }) }) },
  [`POST ${P}/join`]: {
    guest: 'skip',
    strangerAllowed: true,
    fresh: async (make) => ({ project: await make.project({ creator: 'member' }) }),
  },

  // States and labels.
  [`GET ${P}/states`]: { query: () => ({ include_triage: 'true' }) },
  [`POST ${P}/states`]: { bodies: [() => ({ name: `State ${uniq()}`, color: '#123456', group: 'started' })] },
  [`GET ${P}/states/:stateId`]: {},
  [`PATCH ${P}/states/:stateId`]: { bodies: [() => ({ description: `d ${uniq()}` })] },
  [`DELETE ${P}/states/:stateId`]: { fresh: async (make) => ({ state: await make.state() }) },
  [`POST ${P}/states/:stateId/mark-default`]: { fresh: async (make) => ({ state: await make.state() }) },
  [`GET ${P}/labels`]: {},
  [`POST ${P}/labels`]: { bodies: [(id) => ({ name: `Label ${uniq()}`, parent: id('label') })] },
  [`GET ${P}/labels/:labelId`]: {},
  [`PATCH ${P}/labels/:labelId`]: {
    params: { labelId: 'label2' },
    fresh: async (make) => ({ label2: await make.label() }),
    bodies: [(id) => ({ description: 'd', parent: id('label') })],
  },
  [`DELETE ${P}/labels/:labelId`]: { fresh: async (make) => ({ label: await make.label() }) },

  // Modules.
  [`GET ${P}/modules`]: {},
  [`GET ${P}/archived-modules`]: {},
  [`POST ${P}/modules`]: {
    bodies: [
      (id) => ({ name: `Module ${uniq()}`, lead: id('user'), members: [id('user')], status: 'in-progress' }),
      (id) => ({ name: `Module ${uniq()}`, lead_id: id('user'), member_ids: [id('user')] }),
    ],
  },
  [`GET ${P}/modules/:moduleId`]: {},
  [`PATCH ${P}/modules/:moduleId`]: { bodies: [(id) => ({ description: `d ${uniq()}`, lead: id('user'), members: [id('user')] })] },
  [`DELETE ${P}/modules/:moduleId`]: { fresh: async (make) => ({ module: await make.module() }) },
  [`POST ${P}/modules/:moduleId/archive`]: { fresh: async (make) => ({ module: await make.module({ status: 'completed' }) }) },
  [`DELETE ${P}/modules/:moduleId/archive`]: { fresh: async (make) => ({ module: await make.module({ archived: true }) }) },
  [`GET ${P}/modules/:moduleId/module-issues`]: {},
  [`POST ${P}/modules/:moduleId/module-issues`]: { bodies: [(id) => ({ issues: [id('issue2')] })] },
  [`DELETE ${P}/modules/:moduleId/module-issues/:issueId`]: { fresh: async (make) => ({ module: await make.module({ withIssue: true }) }) },

  // Cycles.
  [`GET ${P}/cycles`]: { queries: [() => ({}), () => ({ cycle_view: 'current' }), () => ({ cycle_view: 'incomplete' })] },
  [`GET ${P}/archived-cycles`]: {},
  [`POST ${P}/cycles`]: {
    bodies: [
      (id) => ({ name: `Cycle ${uniq()}`, start_date: '2030-01-01', end_date: '2030-01-14', owned_by: id('user') }),
      () => ({ name: `Draft ${uniq()}`, start_date: null, end_date: null }),
    ],
  },
  [`GET ${P}/cycles/:cycleId`]: {},
  [`PATCH ${P}/cycles/:cycleId`]: { bodies: [(id) => ({ description: `d ${uniq()}`, owned_by: id('user') })] },
  [`DELETE ${P}/cycles/:cycleId`]: { fresh: async (make) => ({ cycle: await make.cycle() }) },
  [`GET ${P}/cycles/:cycleId/cycle-issues`]: {},
  [`POST ${P}/cycles/:cycleId/cycle-issues`]: { bodies: [(id) => ({ issues: [id('issue')] })] },
  [`DELETE ${P}/cycles/:cycleId/cycle-issues/:issueId`]: {
    fresh: async (make) => {
      const issue = await make.issue();
      return { issue, cycle: await make.cycle({ issues: [issue] }) };
    },
  },
  // Onto itself (nothing moves): the id slot in the body is what the matrix swaps.
  [`POST ${P}/cycles/:cycleId/transfer-issues`]: { bodies: [(id) => ({ new_cycle_id: id('cycle') })] },
  [`POST ${P}/cycles/:cycleId/archive`]: { fresh: async (make) => ({ cycle: await make.cycle({ completed: true }) }) },
  [`DELETE ${P}/cycles/:cycleId/archive`]: { fresh: async (make) => ({ cycle: await make.cycle({ archived: true }) }) },

  // Estimates (project settings: admins write) and intake (any member submits; admins triage).
  [`GET ${P}/estimates`]: {},
  [`POST ${P}/estimates`]: {
    bodies: [() => ({ estimate: { name: `Estimate ${uniq()}`, type: 'points' }, estimate_points: [{ key: 0, value: '3' }] })],
  },
  [`GET ${P}/estimates/:estimateId`]: { params: { estimateId: 'estimate' } },
  [`PATCH ${P}/estimates/:estimateId`]: {
    params: { estimateId: 'estimate' },
    bodies: [
      (id) => ({
        estimate: { description: `d ${uniq()}` },
        estimate_points: [
          { id: id('estimatePoint'), key: 0, value: '1' },
          { key: 1, value: '2' },
        ],
      }),
    ],
  },
  [`DELETE ${P}/estimates/:estimateId`]: {
    params: { estimateId: 'estimate' },
    fresh: async (make) => ({ estimate: await make.estimate() }),
  },
  [`GET ${P}/intake-issues`]: { queries: [() => ({}), () => ({ status: '-2,0' })] },
  [`POST ${P}/intake-issues`]: { guest: 'allow', bodies: [() => ({ issue: { name: `Intake ${uniq()}`, priority: 'low' } })] },
  [`GET ${P}/intake-issues/:issueId`]: { params: { issueId: 'intakeIssue' }, guest: 'deny' },
  [`PATCH ${P}/intake-issues/:issueId`]: {
    params: { issueId: 'intakeIssue' },
    // Triage and an edit of the work item in one call; `issue` is the work item's fields here, not an id.
    bodies: [
      (id) => ({ status: 2, duplicate_to: id('issue'), issue: { description_html: '<p>duplicate</p>' } }),
      () => ({ issue: { name: `Renamed ${uniq()}` } }),
    ],
  },
  [`DELETE ${P}/intake-issues/:issueId`]: {
    params: { issueId: 'intakeIssue' },
    fresh: async (make) => ({ intakeIssue: await make.intakeIssue() }),
  },

  // Work items.
  [`GET ${P}/issues`]: {
    queries: [
      (id) => ({ state: id('state'), labels: id('label'), assignees: id('user'), created_by: id('user'), parent: id('issue') }),
      (id) => ({ group_by: 'state', state: `${id('state')},none`, labels: `${id('label')},none` }),
      (id) => ({ group_by: 'labels', labels: id('label2'), order_by: '-priority' }),
      (id) => ({ group_by: 'assignees', assignees: `${id('user')},none`, order_by: 'sort_order' }),
      () => ({ group_by: 'priority', search: 'SECRET', archived: 'true' }),
      () => ({ search: 'BBB-1' }),
    ],
  },
  [`POST ${P}/issues`]: {
    bodies: [
      (id) => ({
        name: `Item ${uniq()}`,
        state_id: id('state'),
        label_ids: [id('label')],
        assignee_ids: [id('user')],
        parent_id: id('issue'),
      }),
      (id) => ({ name: `Item ${uniq()}`, state: id('state'), labels: [id('label')], assignees: [id('user')], parent: id('issue') }),
    ],
  },
  [`GET ${I}`]: { guest: 'deny' },
  [`PATCH ${I}`]: {
    fresh: async (make) => ({ issue: await make.issue() }),
    bodies: [
      (id) => ({ state_id: id('state'), label_ids: [id('label')], assignee_ids: [id('user')], parent_id: id('issue2') }),
      (id) => ({ state: id('state'), labels: [id('label')], assignees: [id('user')], parent: id('issue2') }),
      (id) => ({ estimate_point: id('estimatePoint') }),
    ],
  },
  [`DELETE ${I}`]: { fresh: async (make) => ({ issue: await make.issue() }) },
  [`POST ${I}/publish`]: { fresh: async (make) => ({ issue: await make.issue({ draft: true }) }) },
  [`POST ${I}/archive`]: { fresh: async (make) => ({ issue: await make.issue({ completed: true }) }) },
  [`DELETE ${I}/archive`]: { fresh: async (make) => ({ issue: await make.issue({ archived: true }) }) },
  [`GET ${I}/sub-issues`]: { guest: 'deny' },
  [`POST ${I}/sub-issues`]: {
    fresh: async (make) => ({ issue2: await make.issue() }),
    bodies: [(id) => ({ sub_issue_ids: [id('issue2')] })],
  },
  [`GET ${I}/activities`]: { guest: 'deny' },
  [`GET ${I}/activities/:activityId`]: { guest: 'deny' },
  [`GET ${I}/history`]: { guest: 'deny' },

  // Work-item parts.
  [`GET ${I}/relations`]: { guest: 'deny' },
  [`POST ${I}/relations`]: {
    fresh: async (make) => ({ issue: await make.issue() }),
    bodies: [(id) => ({ relation_type: 'relates_to', issues: [id('issue2')] })],
  },
  [`POST ${I}/relations/remove`]: { bodies: [(id) => ({ related_issue: id('issue2') })] },
  [`GET ${I}/links`]: { guest: 'deny' },
  [`POST ${I}/links`]: { bodies: [() => ({ url: `https://example.com/${uniq()}`, title: 't' })] },
  [`GET ${I}/links/:linkId`]: { guest: 'deny' },
  [`PATCH ${I}/links/:linkId`]: { bodies: [() => ({ title: `t ${uniq()}` })] },
  [`DELETE ${I}/links/:linkId`]: { fresh: async (make) => ({ link: await make.link() }) },
  [`GET ${I}/comments`]: { guest: 'deny' },
  [`POST ${I}/comments`]: { bodies: [(id) => ({ comment_html: '<p>hello</p>', parent: id('comment') })] },
  [`GET ${I}/comments/:commentId`]: { guest: 'deny' },
  [`PATCH ${I}/comments/:commentId`]: { bodies: [() => ({ comment_html: `<p>edited ${uniq()}</p>` })] },
  [`DELETE ${I}/comments/:commentId`]: { fresh: async (make) => ({ comment: await make.comment() }) },
  [`POST ${I}/comments/:commentId/reactions`]: {
    fresh: async (make) => ({ comment: await make.comment() }),
    bodies: [() => ({ reaction: '🎉' })],
  },
  [`DELETE ${I}/comments/:commentId/reactions/:reaction`]: { params: { reaction: { literal: '👍' } } },
  [`GET ${I}/subscribe`]: { guest: 'deny' },
  [`POST ${I}/subscribe`]: { fresh: async (make) => ({ issue: await make.issue() }) },
  [`DELETE ${I}/subscribe`]: {},
  [`GET ${I}/subscribers`]: { guest: 'deny' },
  [`GET ${I}/attachments`]: { guest: 'deny' },
  [`POST ${I}/attachments`]: { bodies: [() => ({ name: 'a.txt', type: 'text/plain', size: 5 })] },
  [`GET ${I}/attachments/:attachmentId`]: { guest: 'deny' },
  [`GET ${I}/attachments/:attachmentId/download`]: { guest: 'deny' },
  [`DELETE ${I}/attachments/:attachmentId`]: { fresh: async (make) => ({ attachment: await make.attachment({ uploaded: true }) }) },
  [`PUT ${I}/attachments/:attachmentId/upload`]: {
    fresh: async (make) => ({ attachment: await make.attachment() }),
    raw: { contentType: 'text/plain', payload: 'ABCDE' },
  },
};

// Project members answer under Plane's app path and its v1 alias.
for (const base of [`${P}/members`, `${P}/project-members`]) {
  Object.assign(entries, {
    [`GET ${base}`]: {},
    [`POST ${base}`]: {
      fresh: async (make: Builders) => ({ user: await make.user() }),
      bodies: [(id: Pick) => ({ member: id('user'), role: 15 })],
    },
    [`GET ${base}/me`]: {},
    [`POST ${base}/leave`]: { guest: 'skip', fresh: async (make: Builders) => ({ project: await make.project({ secondAdmin: true }) }) },
    [`GET ${base}/:memberId`]: { params: { memberId: 'projectMember' } },
    [`PATCH ${base}/:memberId`]: { params: { memberId: 'projectMember' }, bodies: [() => ({ role: 15 })] },
    [`DELETE ${base}/:memberId`]: {
      params: { memberId: 'projectMember' },
      fresh: async (make: Builders) => ({ projectMember: await make.projectMember() }),
    },
  } satisfies Record<string, Entry>);
}

export const MATRIX: Readonly<Record<string, Entry>> = entries;
