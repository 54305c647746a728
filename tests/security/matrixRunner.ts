// Runs one matrix entry through T13: the admin's valid call, each role on A's own objects, and every id
// slot (path, query, body) swapped for B's object and for a random one, as admin / member / guest;
// the outsider and anonymous callers; B's rows snapshotted before and after.
import { type Entry, PARAM_SLOTS, type Pick, randomFor } from './matrix.ts';
import type { RawResponse } from './rawClient.ts';
import {
  builders,
  changedTables,
  crossReferences,
  type Ids,
  type RoleName,
  type Slot,
  snapshotProject,
  snapshotWorkspace,
  type World,
} from './world.ts';

/** The id slots that live inside a project (swapped when testing project scoping). */
const PROJECT_SLOTS = [
  'project',
  'issue',
  'issue2',
  'state',
  'label',
  'label2',
  'comment',
  'link',
  'attachment',
  'activity',
  'projectMember',
  'cycle',
  'module',
  'intakeIssue',
  'estimate',
  'estimatePoint',
] as const;

export interface Occurrence {
  kind: 'param' | 'query' | 'body';
  name: string;
  slot: Slot;
}

export interface BuiltCall {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

type Chooser = (occurrence: Occurrence, index: number) => string;

const paramNames = (path: string): string[] => [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '');

export function slotOfParam(entry: Entry, name: string): Slot | { literal: string } {
  const slot = entry.params?.[name] ?? PARAM_SLOTS[name];
  if (!slot) throw new Error(`no id slot for :${name}: add it to the entry's params`);
  return slot;
}

/** Builds the request; `choose` decides every id, and the returned occurrences list the slots in order. */
export function buildCall(
  method: string,
  path: string,
  entry: Entry,
  bodyIndex: number,
  choose: Chooser,
): { call: BuiltCall; occurrences: Occurrence[] } {
  const occurrences: Occurrence[] = [];
  const pickFor =
    (kind: Occurrence['kind'], name: string): Pick =>
    (slot) => {
      const occurrence = { kind, name, slot };
      occurrences.push(occurrence);
      return choose(occurrence, occurrences.length - 1);
    };
  let url = path;
  for (const name of paramNames(path)) {
    const slot = slotOfParam(entry, name);
    const value = typeof slot === 'string' ? pickFor('param', name)(slot) : slot.literal;
    url = url.replace(`:${name}`, encodeURIComponent(value));
  }
  const queryBuilder = entry.queries?.[bodyIndex] ?? entry.query;
  if (queryBuilder) {
    const query = queryBuilder(pickFor('query', 'query'));
    const search = new URLSearchParams(query).toString();
    if (search) url += `?${search}`;
  }
  const call: BuiltCall = { method, url };
  const bodyBuilder = entry.bodies?.[bodyIndex];
  if (bodyBuilder) call.body = bodyBuilder(pickFor('body', 'body'));
  else if (entry.raw) {
    call.body = entry.raw.payload;
    call.headers = { 'content-type': entry.raw.contentType };
  } else if (method !== 'GET' && method !== 'DELETE') call.body = {};
  return { call, occurrences };
}

export const is2xx = (status: number): boolean => status >= 200 && status < 300;
const is4xx = (status: number): boolean => status >= 400 && status < 500;

function normalize(text: string, values: string[]): string {
  let out = text;
  for (const value of values) if (value) out = out.split(value).join('<X>').split(encodeURIComponent(value)).join('<X>');
  return out;
}

/**
 * Why `theirs` (a call naming someone else's object) can be told apart from `missing` (the same call
 * naming nothing), or null when it cannot: the same status, and for errors the same body once the
 * ids each call sent are blanked out.
 */
export function differsFromMissing(theirs: RawResponse, missing: RawResponse, sentTheirs: string[], sentMissing: string[]): string | null {
  if (theirs.status !== missing.status)
    return `their object → ${theirs.status}, a missing one → ${missing.status}: ${theirs.text.slice(0, 160)} | ${missing.text.slice(0, 160)}`;
  if (!is2xx(theirs.status) && normalize(theirs.text, sentTheirs) !== normalize(missing.text, sentMissing))
    return `bodies differ: ${theirs.text.slice(0, 200)} | ${missing.text.slice(0, 200)}`;
  return null;
}

export interface EntryContext {
  world: World;
  bSecrets: Set<string>;
  aSecrets: Set<string>;
}

const READ = new Set(['GET']);
/**
 * Slots naming objects inside one project. (Not the project itself, nor a work item's key: with them
 * swapped the request is about the other project as a whole, which A's admin may legitimately use.)
 */
const PROJECT_SCOPED = new Set<Slot>([
  'issue',
  'issue2',
  'state',
  'label',
  'label2',
  'comment',
  'link',
  'attachment',
  'activity',
  'projectMember',
  'cycle',
  'module',
  'intakeIssue',
  'estimate',
  'estimatePoint',
]);

export async function runEntry(ctx: EntryContext, method: string, path: string, entry: Entry): Promise<string[]> {
  const { world } = ctx;
  const { a, b } = world;
  const findings: string[] = [];
  const route = `${method} ${path}`;
  const bodies = Math.max(1, entry.bodies?.length ?? 0, entry.queries?.length ?? 0);
  const isRead = READ.has(method);
  const before = await snapshotWorkspace(world.h.db, b);

  const leakCheck = (who: string, call: BuiltCall, res: RawResponse, sent: string[], secrets: Set<string>): void => {
    // An error that repeats the id the caller sent is not a leak; anything else of B's is.
    const text = (is2xx(res.status) ? res.text : normalize(res.text, sent)).toLowerCase();
    for (const secret of secrets) {
      if (text.includes(secret.toLowerCase())) {
        findings.push(
          `LEAK ${who}: ${call.method} ${call.url} ${JSON.stringify(call.body ?? null).slice(0, 200)} → ${res.status} contains "${secret}": ${res.text.slice(0, 300)}`,
        );
        return;
      }
    }
  };
  const own =
    (ids: Ids): Chooser =>
    (occurrence) =>
      ids[occurrence.slot];

  // 1. The admin's own valid call (fresh objects for destructive routes): proves the entry is valid.
  for (let i = 0; i < bodies; i++) {
    const ids: Ids = { ...a.ids, ...(entry.fresh ? await entry.fresh(builders(world)) : {}) };
    const { call } = buildCall(method, path, entry, i, own(ids));
    const res = await world.call('admin', call.method, call.url, call.body, call.headers);
    const ok = entry.ok ? entry.ok.includes(res.status) : is2xx(res.status);
    if (!ok)
      findings.push(
        `BASELINE admin ${call.method} ${call.url} ${JSON.stringify(call.body ?? null).slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`,
      );
    leakCheck('admin', call, res, [], ctx.bSecrets);
  }

  // 2. Other roles on A's own objects.
  const { call: ownCall } = buildCall(method, path, entry, 0, own(a.ids));
  const ownAs = async (role: RoleName | 'anonymous'): Promise<RawResponse> => {
    const fresh = !isRead && entry.fresh ? await entry.fresh(builders(world)) : {};
    const { call } = buildCall(method, path, entry, 0, own({ ...a.ids, ...fresh }));
    const res = await world.call(role, call.method, call.url, call.body, call.headers);
    if (role !== 'anonymous') leakCheck(role, call, res, [], ctx.bSecrets);
    return res;
  };
  const anonymous = await ownAs('anonymous');
  if (anonymous.status !== 401)
    findings.push(`ANONYMOUS ${ownCall.method} ${ownCall.url} → ${anonymous.status} (want 401) ${anonymous.text.slice(0, 200)}`);
  if (isRead && (entry.member ?? 'allow') === 'allow') {
    const res = await ownAs('member');
    if (!(entry.ok ? entry.ok.includes(res.status) : is2xx(res.status)))
      findings.push(`MEMBER own read ${ownCall.url} → ${res.status} ${res.text.slice(0, 200)}`);
  }
  const guestPolicy = entry.guest ?? (isRead ? 'allow' : 'deny');
  if (guestPolicy !== 'skip' && !entry.unscoped) {
    const res = await ownAs('guest');
    if (guestPolicy === 'allow' && !is2xx(res.status))
      findings.push(`GUEST own ${route} → ${res.status} (Plane lets guests do this) ${res.text.slice(0, 200)}`);
    if (guestPolicy === 'deny' && !(res.status === 403 || res.status === 404))
      findings.push(`GUEST own ${route} → ${res.status} (want 403/404) ${res.text.slice(0, 200)}`);
  }

  if (!entry.unscoped) {
    // 3. The outsider: A's objects look exactly like objects that do not exist.
    const ownValues: string[] = [];
    const randomValues: string[] = [];
    const record =
      (values: string[], pick: (o: Occurrence) => string): Chooser =>
      (o) => {
        const value = pick(o);
        values.push(value);
        return value;
      };
    const outsiderOwnCall = buildCall(
      method,
      path,
      entry,
      0,
      record(ownValues, (o) => a.ids[o.slot]),
    ).call;
    const randomCall = buildCall(
      method,
      path,
      entry,
      0,
      record(randomValues, (o) => randomFor(o.slot)),
    ).call;
    const outsiderOwn = await world.call(
      'outsider',
      outsiderOwnCall.method,
      outsiderOwnCall.url,
      outsiderOwnCall.body,
      outsiderOwnCall.headers,
    );
    const outsiderRandom = await world.call('outsider', randomCall.method, randomCall.url, randomCall.body, randomCall.headers);
    leakCheck('outsider', outsiderOwnCall, outsiderOwn, ownValues, ctx.aSecrets);
    if (!is4xx(outsiderOwn.status))
      findings.push(`OUTSIDER ${outsiderOwnCall.method} ${outsiderOwnCall.url} → ${outsiderOwn.status} ${outsiderOwn.text.slice(0, 200)}`);
    const outsiderOracle = differsFromMissing(outsiderOwn, outsiderRandom, ownValues, randomValues);
    if (outsiderOracle) findings.push(`ORACLE outsider ${route}: ${outsiderOracle}`);

    // 3b. A workspace member outside A's project: the project (and all in it) looks missing, except
    // where Plane lets workspace members in (join; the project itself when it is public).
    if (path.includes(':projectId') && !entry.strangerAllowed) {
      const strangerOwn = await world.call(
        'stranger',
        outsiderOwnCall.method,
        outsiderOwnCall.url,
        outsiderOwnCall.body,
        outsiderOwnCall.headers,
      );
      const projectScoped = new Set<string>(PROJECT_SLOTS);
      const strangerValues: string[] = [];
      const strangerMissingCall = buildCall(
        method,
        path,
        entry,
        0,
        record(strangerValues, (o) => (o.kind === 'param' && projectScoped.has(o.slot) ? randomFor(o.slot) : a.ids[o.slot])),
      ).call;
      const strangerMissing = await world.call(
        'stranger',
        strangerMissingCall.method,
        strangerMissingCall.url,
        strangerMissingCall.body,
        strangerMissingCall.headers,
      );
      const strangerOwnValues = ownValues.filter((v) => !strangerValues.includes(v));
      if (!is4xx(strangerOwn.status))
        findings.push(
          `STRANGER (workspace member, not in the project) ${outsiderOwnCall.method} ${outsiderOwnCall.url} → ${strangerOwn.status} ${strangerOwn.text.slice(0, 200)}`,
        );
      else {
        const strangerOracle = differsFromMissing(
          strangerOwn,
          strangerMissing,
          strangerOwnValues,
          strangerValues.filter((v) => !ownValues.includes(v)),
        );
        if (strangerOracle) findings.push(`ORACLE stranger ${route}: ${strangerOracle}`);
      }
    }

    // 4. Every id slot swapped for B's object vs a random one, for each of A's roles, and all path slots at once.
    for (const role of ['admin', 'member', 'guest'] as const) {
      for (let i = 0; i < bodies; i++) {
        const { occurrences: slots } = buildCall(method, path, entry, i, own(a.ids));
        const variants: Array<{ label: string; swap: (o: Occurrence, k: number) => boolean; pathOnly: boolean }> = slots.map((o, k) => ({
          label: `${o.kind} ${o.name === 'body' || o.name === 'query' ? o.slot : `:${o.name}`}`,
          swap: (_o: Occurrence, index: number) => index === k,
          pathOnly: o.kind === 'param',
        }));
        if (slots.filter((o) => o.kind === 'param').length > 1)
          variants.push({ label: 'all path ids', swap: (o) => o.kind === 'param', pathOnly: true });
        for (const variant of variants) {
          const swappedB: string[] = [];
          const swappedR: string[] = [];
          const withB = buildCall(method, path, entry, i, (o, k) => {
            if (!variant.swap(o, k)) return a.ids[o.slot];
            swappedB.push(b.ids[o.slot]);
            return b.ids[o.slot];
          }).call;
          const withRandom = buildCall(method, path, entry, i, (o, k) => {
            if (!variant.swap(o, k)) return a.ids[o.slot];
            const value = randomFor(o.slot);
            swappedR.push(value);
            return value;
          }).call;
          const resB = await world.call(role, withB.method, withB.url, withB.body, withB.headers);
          const resR = await world.call(role, withRandom.method, withRandom.url, withRandom.body, withRandom.headers);
          leakCheck(role, withB, resB, swappedB, ctx.bSecrets);
          const what = `${role} ${route} [${variant.label} → B]`;
          if (variant.pathOnly && !is4xx(resB.status))
            findings.push(`CROSS ${what}: ${withB.url} → ${resB.status} ${resB.text.slice(0, 200)}`);
          const oracle = differsFromMissing(resB, resR, swappedB, swappedR);
          if (oracle) findings.push(`ORACLE ${what}: ${oracle}`);
        }
      }
    }
  }

  // 5. Project scoping inside A: each project-level slot swapped for the object of A's other project
  // (A's admin and member are in both) answers like a missing one, and that project is untouched.
  if (!entry.unscoped) {
    const a2 = world.a2;
    const a2Before = await snapshotProject(world.h.db, a2.project.id);
    const a2Secrets = ['secret_a2', ...[...PROJECT_SLOTS, 'key' as const].map((k) => a2.ids[k].toLowerCase())];
    for (const role of ['admin', 'member'] as const) {
      for (let i = 0; i < bodies; i++) {
        const { occurrences: slots } = buildCall(method, path, entry, i, own(a.ids));
        for (let k = 0; k < slots.length; k++) {
          const slot = slots[k];
          if (!slot || !PROJECT_SCOPED.has(slot.slot)) continue;
          const sentOther: string[] = [];
          const sentRandom: string[] = [];
          const withOther = buildCall(method, path, entry, i, (o, index) => {
            if (index !== k) return a.ids[o.slot];
            sentOther.push(a2.ids[o.slot]);
            return a2.ids[o.slot];
          }).call;
          const withRandom = buildCall(method, path, entry, i, (o, index) => {
            if (index !== k) return a.ids[o.slot];
            const value = randomFor(o.slot);
            sentRandom.push(value);
            return value;
          }).call;
          const resOther = await world.call(role, withOther.method, withOther.url, withOther.body, withOther.headers);
          const resRandom = await world.call(role, withRandom.method, withRandom.url, withRandom.body, withRandom.headers);
          const what = `${role} ${route} [${slot.kind} ${slot.kind === 'param' ? `:${slot.name}` : slot.slot} → A's other project]`;
          const otherText = (is2xx(resOther.status) ? resOther.text : normalize(resOther.text, sentOther)).toLowerCase();
          const seen = a2Secrets.find((secret) => otherText.includes(secret));
          if (seen)
            findings.push(
              `CROSS-PROJECT LEAK ${what}: ${withOther.url} → ${resOther.status} shows the other project's ${seen}: ${resOther.text.slice(0, 200)}`,
            );
          if (slot.kind === 'param' && !is4xx(resOther.status))
            findings.push(`CROSS-PROJECT ${what}: ${withOther.url} → ${resOther.status} ${resOther.text.slice(0, 200)}`);
          const projectOracle = differsFromMissing(resOther, resRandom, sentOther, sentRandom);
          if (projectOracle) findings.push(`CROSS-PROJECT ${what}: ${projectOracle}`);
        }
      }
    }
    const a2Changed = changedTables(a2Before, await snapshotProject(world.h.db, a2.project.id));
    if (a2Changed.length > 0) findings.push(`WRITE into A's other project by ${route}: tables changed: ${a2Changed.join(', ')}`);
  }

  const after = await snapshotWorkspace(world.h.db, b);
  const changed = changedTables(before, after);
  if (changed.length > 0) findings.push(`WRITE into B by ${route}: tables changed: ${changed.join(', ')}`);
  const refs = await crossReferences(world.h.db, a, ctx.bSecrets);
  if (refs.length > 0) findings.push(`CROSS-REFERENCE after ${route}: A rows mention B ids: ${refs.slice(0, 3).join(' ; ')}`);
  return findings;
}
