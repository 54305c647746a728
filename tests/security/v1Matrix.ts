// The /api/v1 route matrix (API keys, not sessions): one entry per v1 route, in matrix.ts's Entry
// format, run by the same matrixRunner.ts through v1World.ts. tests/security/v1Inventory.test.ts
// fails for a v1 route without an entry here (or an entry whose route is gone).
//
// Adding a route: add `'METHOD /api/v1/path/:param': { … }` below (work-item routes go in the loop over
// both spellings). Path params are mapped to id slots by V1_PARAM_SLOTS (name a different slot in
// `params`). Ask every id inside a body or query through `id('slot')` so the runner swaps it for B's
// object, A's other project's object and a random one. Then T13 (v1CrossWorkspace), T14
// (v1MassAssignment) and T15 (v1BadInput) cover the route.
import type { Entry, Pick } from './matrix.ts';
import { EXTERNAL } from './v1World.ts';
import { type Builders, type Slot, uniq } from './world.ts';

/** v1 routes that take no API key by design. */
export const V1_PUBLIC_ROUTES = new Set(['GET /api/v1/openapi.json', 'GET /api/v1/docs']);

/**
 * Attachment upload/download links: a signed, expiring token in the path grants one action on one
 * attachment instead of a key (server/api/v1/assetTokens.ts). Not in the key matrix; v1BadInput
 * tries forged, altered, swapped and expired tokens on them.
 */
export const V1_SIGNED_ROUTES = new Set(['GET /api/v1/assets/download/:token', 'POST /api/v1/assets/upload/:token']);

/** The slot each v1 path parameter names (Plane's names: workItemId, invitationId, memberId…). */
export const V1_PARAM_SLOTS: Record<string, Slot> = {
  slug: 'slug',
  projectId: 'project',
  workItemId: 'issue',
  stateId: 'state',
  labelId: 'label',
  linkId: 'link',
  commentId: 'comment',
  activityId: 'activity',
  attachmentId: 'attachment',
  cycleId: 'cycle',
  moduleId: 'module',
  stickyId: 'sticky',
  invitationId: 'invitation',
  memberId: 'projectMember',
  key: 'key',
  // The intake routes name the intake item by its work item's id.
  issueId: 'intakeIssue',
};

const V1 = '/api/v1';
const W = `${V1}/workspaces/:slug`;
const P = `${W}/projects/:projectId`;
/** Every key `expand` knows on the objects a route answers (unknown ones are ignored). */
const EXPAND =
  'state,project,assignees,labels,parent,workspace,estimate_point,members,lead,owned_by,created_by,updated_by,actor,project_lead,default_assignee';
/** A list read: plain, and with everything expanded (expanded objects must stay inside A). */
const LIST_READS = [() => ({}), () => ({ expand: EXPAND, per_page: '100' })];
const ONE_READS = [() => ({}), () => ({ expand: EXPAND })];
/**
 * A list read by external id: v1CrossWorkspace gives A's, A's other project's and B's objects the same
 * pair (v1World.markExternalIds), so the lookup must answer the caller's own object only.
 */
const BY_EXTERNAL_ID = () => ({ external_id: EXTERNAL.shared, external_source: EXTERNAL.source, expand: EXPAND });
const LOOKUP_READS = [...LIST_READS, BY_EXTERNAL_ID];
/** A create reusing the pair only B's objects carry: A has none, so it succeeds (never a 409 with B's id). */
const B_ONLY_PAIR = { external_source: EXTERNAL.source, external_id: EXTERNAL.bOnly };

const entries: Record<string, Entry> = {
  [`GET ${V1}/users/me`]: { unscoped: true },

  // Workspace.
  [`GET ${W}/members`]: {},
  [`GET ${W}/invitations`]: { guest: 'deny' },
  [`POST ${W}/invitations`]: { bodies: [() => ({ email: `v1-new-${uniq()}@example.com`, role: 15, message: 'welcome' })] },
  [`GET ${W}/invitations/:invitationId`]: { guest: 'deny' },
  [`PATCH ${W}/invitations/:invitationId`]: { bodies: [() => ({ role: 15, message: `m ${uniq()}` })] },
  [`DELETE ${W}/invitations/:invitationId`]: { fresh: async (make) => ({ invitation: await make.invitation() }) },

  // Stickies: private to their owner (A's member never sees A's admin's); guests have none.
  [`GET ${W}/stickies`]: { guest: 'deny', queries: [() => ({}), () => ({ query: 'sticky', expand: EXPAND })] },
  [`POST ${W}/stickies`]: { bodies: [() => ({ name: `Sticky ${uniq()}`, description_html: '<p>note</p>', background_color: 'peach' })] },
  [`GET ${W}/stickies/:stickyId`]: { guest: 'deny', member: 'deny' },
  [`PATCH ${W}/stickies/:stickyId`]: { bodies: [() => ({ name: `Sticky ${uniq()}`, sort_order: 1000 })] },
  [`DELETE ${W}/stickies/:stickyId`]: { fresh: async (make) => ({ sticky: await make.sticky() }) },

  // Projects.
  [`GET ${W}/projects`]: { queries: LOOKUP_READS },
  [`POST ${W}/projects`]: {
    bodies: [
      (id) => {
        const tag = uniq();
        return {
          name: `Project ${tag}`,
          identifier: `V${tag}`.slice(0, 12).toUpperCase(),
          project_lead: id('user'),
          default_assignee: id('user'),
        };
      },
    ],
  },
  [`GET ${P}`]: { queries: ONE_READS },
  [`PATCH ${P}`]: {
    bodies: [
      (id) => ({ project_lead: id('user'), default_assignee: id('user'), description: 'd' }),
      (id) => ({ estimate: id('estimate') }),
    ],
  },
  [`DELETE ${P}`]: { fresh: async (make) => ({ project: await make.project() }) },
  [`POST ${P}/archive`]: { fresh: async (make) => ({ project: await make.project() }) },
  [`DELETE ${P}/archive`]: { fresh: async (make) => ({ project: await make.project({ archived: true }) }) },

  // States and labels.
  [`GET ${P}/states`]: { queries: LOOKUP_READS },
  [`POST ${P}/states`]: { bodies: [() => ({ name: `State ${uniq()}`, color: '#123456', group: 'started' })] },
  [`GET ${P}/states/:stateId`]: { queries: ONE_READS },
  [`PATCH ${P}/states/:stateId`]: { bodies: [() => ({ description: `d ${uniq()}` })] },
  [`DELETE ${P}/states/:stateId`]: { fresh: async (make) => ({ state: await make.state() }) },
  [`GET ${P}/labels`]: { queries: LOOKUP_READS },
  [`POST ${P}/labels`]: {
    bodies: [(id) => ({ name: `Label ${uniq()}`, parent: id('label') }), () => ({ name: `Label ${uniq()}`, ...B_ONLY_PAIR })],
  },
  [`GET ${P}/labels/:labelId`]: { queries: ONE_READS },
  [`PATCH ${P}/labels/:labelId`]: {
    params: { labelId: 'label2' },
    fresh: async (make) => ({ label2: await make.label() }),
    bodies: [(id) => ({ description: 'd', parent: id('label') })],
  },
  [`DELETE ${P}/labels/:labelId`]: { fresh: async (make) => ({ label: await make.label() }) },

  // Intake (any project member submits; admins triage; the id is the work item's).
  [`GET ${P}/intake-issues`]: { queries: LIST_READS },
  [`POST ${P}/intake-issues`]: { guest: 'allow', bodies: [() => ({ issue: { name: `Intake ${uniq()}`, priority: 'low' } })] },
  [`GET ${P}/intake-issues/:issueId`]: { guest: 'deny', queries: ONE_READS },
  [`PATCH ${P}/intake-issues/:issueId`]: {
    // Triage and an edit of the work item in one call; `issue` is the work item's fields here, not an id.
    bodies: [
      (id) => ({ status: 2, duplicate_to: id('issue'), issue: { description_html: '<p>duplicate</p>' } }),
      () => ({ issue: { name: `Renamed ${uniq()}` } }),
    ],
  },
  [`DELETE ${P}/intake-issues/:issueId`]: { fresh: async (make) => ({ intakeIssue: await make.intakeIssue() }) },

  // Cycles.
  [`GET ${P}/cycles`]: {
    queries: [() => ({}), () => ({ cycle_view: 'current', expand: EXPAND }), () => ({ cycle_view: 'incomplete' }), BY_EXTERNAL_ID],
  },
  [`POST ${P}/cycles`]: {
    bodies: [
      (id) => ({
        name: `Cycle ${uniq()}`,
        start_date: '2030-01-01',
        end_date: '2030-01-14',
        owned_by: id('user'),
        project_id: id('project'),
      }),
      (id) => ({ name: `Draft ${uniq()}`, project_id: id('project') }),
    ],
  },
  [`GET ${P}/cycles/:cycleId`]: { queries: ONE_READS },
  [`PATCH ${P}/cycles/:cycleId`]: { bodies: [(id) => ({ description: `d ${uniq()}`, owned_by: id('user') })] },
  [`DELETE ${P}/cycles/:cycleId`]: { fresh: async (make) => ({ cycle: await make.cycle() }) },
  [`GET ${P}/cycles/:cycleId/cycle-issues`]: { queries: LIST_READS },
  [`POST ${P}/cycles/:cycleId/cycle-issues`]: { bodies: [(id) => ({ issues: [id('issue')] })] },
  [`DELETE ${P}/cycles/:cycleId/cycle-issues/:workItemId`]: {
    fresh: async (make) => {
      const issue = await make.issue();
      return { issue, cycle: await make.cycle({ issues: [issue] }) };
    },
  },
  // Onto itself (nothing moves): the id in the body is what the matrix swaps.
  [`POST ${P}/cycles/:cycleId/transfer-issues`]: { bodies: [(id) => ({ new_cycle_id: id('cycle') })] },
  [`POST ${P}/cycles/:cycleId/archive`]: { fresh: async (make) => ({ cycle: await make.cycle({ completed: true }) }) },
  [`GET ${P}/archived-cycles`]: { queries: LIST_READS },
  [`DELETE ${P}/archived-cycles/:cycleId/unarchive`]: { fresh: async (make) => ({ cycle: await make.cycle({ archived: true }) }) },

  // Modules.
  [`GET ${P}/modules`]: { queries: LOOKUP_READS },
  [`POST ${P}/modules`]: {
    bodies: [
      (id) => ({ name: `Module ${uniq()}`, lead: id('user'), members: [id('user')], status: 'in-progress' }),
      (id) => ({ name: `Module ${uniq()}`, lead_id: id('user'), member_ids: [id('user')] }),
    ],
  },
  [`GET ${P}/modules/:moduleId`]: { queries: ONE_READS },
  [`PATCH ${P}/modules/:moduleId`]: { bodies: [(id) => ({ description: `d ${uniq()}`, lead: id('user'), members: [id('user')] })] },
  [`DELETE ${P}/modules/:moduleId`]: { fresh: async (make) => ({ module: await make.module() }) },
  [`GET ${P}/modules/:moduleId/module-issues`]: { queries: LIST_READS },
  [`POST ${P}/modules/:moduleId/module-issues`]: { bodies: [(id) => ({ issues: [id('issue2')] })] },
  [`DELETE ${P}/modules/:moduleId/module-issues/:workItemId`]: {
    fresh: async (make) => ({ module: await make.module({ withIssue: true }) }),
  },
  [`POST ${P}/modules/:moduleId/archive`]: { fresh: async (make) => ({ module: await make.module({ status: 'completed' }) }) },
  [`GET ${P}/archived-modules`]: { queries: LIST_READS },
  [`DELETE ${P}/archived-modules/:moduleId/unarchive`]: { fresh: async (make) => ({ module: await make.module({ archived: true }) }) },
};

// Project members answer under `/members/` and `/project-members/`.
for (const base of [`${P}/members`, `${P}/project-members`]) {
  Object.assign(entries, {
    [`GET ${base}`]: {},
    [`POST ${base}`]: {
      fresh: async (make: Builders) => ({ user: await make.user() }),
      bodies: [(id: Pick) => ({ member: id('user'), role: 15 })],
    },
    [`GET ${base}/:memberId`]: {},
    [`PATCH ${base}/:memberId`]: { bodies: [() => ({ role: 15 })] },
    [`DELETE ${base}/:memberId`]: { fresh: async (make: Builders) => ({ projectMember: await make.projectMember() }) },
  } satisfies Record<string, Entry>);
}

// Work items answer under Plane's old `/issues/` and new `/work-items/` spellings alike.
for (const spelling of ['issues', 'work-items']) {
  const C = `${P}/${spelling}`;
  const I = `${C}/:workItemId`;
  Object.assign(entries, {
    [`GET ${W}/${spelling}/search`]: {
      queries: [
        () => ({ search: 'SECRET' }),
        (id: Pick) => ({ search: 'SECRET item', project_id: id('project') }),
        (id: Pick) => ({ search: 'work', project: id('project'), limit: '100' }),
        () => ({ search: 'BBB-1' }),
      ],
    },
    [`GET ${W}/${spelling}/:key`]: { guest: 'deny', queries: ONE_READS },
    [`GET ${C}`]: {
      queries: [
        () => ({}),
        () => ({ order_by: 'priority', expand: EXPAND }),
        () => ({ per_page: '1', cursor: '1:1:0', fields: 'id,name,state,parent' }),
        BY_EXTERNAL_ID,
      ],
    },
    [`POST ${C}`]: {
      bodies: [
        (id: Pick) => ({ name: `Item ${uniq()}`, state: id('state'), labels: [id('label')], assignees: [id('user')], parent: id('issue') }),
        (id: Pick) => ({
          name: `Item ${uniq()}`,
          state_id: id('state'),
          label_ids: [id('label')],
          assignee_ids: [id('user')],
          parent_id: id('issue'),
        }),
        (id: Pick) => ({ name: `Item ${uniq()}`, estimate_point: id('estimatePoint') }),
        // Once (both spellings share the handler; a second create with the pair is A's own 409).
        ...(spelling === 'issues' ? [() => ({ name: `Item ${uniq()}`, ...B_ONLY_PAIR })] : []),
      ],
    },
    [`GET ${I}`]: { guest: 'deny', queries: ONE_READS },
    [`PATCH ${I}`]: {
      fresh: async (make: Builders) => ({ issue: await make.issue() }),
      bodies: [
        (id: Pick) => ({ state: id('state'), labels: [id('label')], assignees: [id('user')], parent: id('issue2') }),
        (id: Pick) => ({ state_id: id('state'), label_ids: [id('label')], assignee_ids: [id('user')], parent_id: id('issue2') }),
        (id: Pick) => ({ estimate_point: id('estimatePoint') }),
      ],
    },
    [`DELETE ${I}`]: { fresh: async (make: Builders) => ({ issue: await make.issue() }) },

    [`GET ${I}/links`]: { guest: 'deny', queries: LIST_READS },
    [`POST ${I}/links`]: { bodies: [() => ({ url: `https://example.com/${uniq()}`, title: 't' })] },
    [`GET ${I}/links/:linkId`]: { guest: 'deny', queries: ONE_READS },
    [`PATCH ${I}/links/:linkId`]: { bodies: [() => ({ title: `t ${uniq()}` })] },
    [`DELETE ${I}/links/:linkId`]: { fresh: async (make: Builders) => ({ link: await make.link() }) },

    [`GET ${I}/comments`]: { guest: 'deny', queries: LIST_READS },
    [`POST ${I}/comments`]: { bodies: [(id: Pick) => ({ comment_html: '<p>hello</p>', parent: id('comment'), access: 'INTERNAL' })] },
    [`GET ${I}/comments/:commentId`]: { guest: 'deny', queries: ONE_READS },
    [`PATCH ${I}/comments/:commentId`]: { bodies: [() => ({ comment_html: `<p>edited ${uniq()}</p>` })] },
    [`DELETE ${I}/comments/:commentId`]: { fresh: async (make: Builders) => ({ comment: await make.comment() }) },

    [`GET ${I}/activities`]: { guest: 'deny', queries: LIST_READS },
    [`GET ${I}/activities/:activityId`]: { guest: 'deny', queries: ONE_READS },

    [`GET ${I}/attachments`]: { guest: 'deny', queries: ONE_READS },
    [`POST ${I}/attachments`]: { ok: [200], bodies: [() => ({ name: 'a.txt', type: 'text/plain', size: 5 })] },
    // The shared attachment is uploaded: its read redirects to a signed download URL.
    [`GET ${I}/attachments/:attachmentId`]: { guest: 'deny', ok: [302] },
    [`PATCH ${I}/attachments/:attachmentId`]: { bodies: [() => ({ is_uploaded: true })] },
    [`DELETE ${I}/attachments/:attachmentId`]: {
      fresh: async (make: Builders) => ({ attachment: await make.attachment({ uploaded: true }) }),
    },

    [`GET ${I}/relations`]: { guest: 'deny' },
    [`POST ${I}/relations`]: {
      fresh: async (make: Builders) => ({ issue: await make.issue() }),
      bodies: [(id: Pick) => ({ relation_type: 'relates_to', issues: [id('issue2')] })],
    },
    [`POST ${I}/relations/remove`]: {
      fresh: async (make: Builders) => ({ issue: await make.relatedIssue() }),
      bodies: [(id: Pick) => ({ related_issue: id('issue2') })],
    },
  } satisfies Record<string, Entry>);
}

// Every path parameter gets its slot from V1_PARAM_SLOTS unless the entry names one.
for (const [key, entry] of Object.entries(entries)) {
  const params: Record<string, Slot | { literal: string }> = {};
  for (const [, name = ''] of key.matchAll(/:([A-Za-z_]+)/g)) {
    const slot = entry.params?.[name] ?? V1_PARAM_SLOTS[name];
    if (!slot) throw new Error(`v1Matrix: no slot for :${name} in ${key}`);
    params[name] = slot;
  }
  entry.params = params;
}

export const V1_MATRIX: Readonly<Record<string, Entry>> = entries;
