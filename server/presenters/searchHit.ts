// A search hit as Plane's search endpoints answer it (`project__identifier`, `workspace__slug`: the
// Django lookups Plane's serializer-less `.values()` call names them by).
import type { SearchHit } from '../repositories/searchRepository.ts';

export interface PresentedSearchHit {
  name: string;
  id: string;
  sequence_id: number;
  project__identifier: string;
  project_id: string;
  workspace__slug: string;
}

export function presentSearchHit(hit: SearchHit, workspaceSlug: string): PresentedSearchHit {
  return {
    name: hit.name,
    id: hit.id,
    sequence_id: hit.sequence_id,
    project__identifier: hit.project_identifier,
    project_id: hit.project_id,
    workspace__slug: workspaceSlug,
  };
}
