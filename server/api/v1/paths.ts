// v1 path building blocks (relative to /api/v1). Work items answer under both Plane's old
// `/issues/` and new `/work-items/` names.
export const WORKSPACE = '/workspaces/:slug';
export const PROJECT = `${WORKSPACE}/projects/:projectId`;

/** Both spellings of a work-item path: `suffix` follows `/{issues|work-items}/:workItemId`. */
export function workItemPaths(suffix = ''): string[] {
  return [`${PROJECT}/issues/:workItemId${suffix}`, `${PROJECT}/work-items/:workItemId${suffix}`];
}

/** Both spellings of a project's work-item collection. */
export const WORK_ITEM_COLLECTIONS = [`${PROJECT}/issues`, `${PROJECT}/work-items`];

export type SlugParams = { slug: string };
export type ProjectParams = { slug: string; projectId: string };
export type WorkItemParams = ProjectParams & { workItemId: string };
