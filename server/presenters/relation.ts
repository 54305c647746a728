// Relations as the app API shows them: the eight lists of GET relations/, and created relations.
import type { CreatedRelation } from '../commands/relationCreator.ts';
import {
  type LiteIssueRow,
  RELATION_TYPES,
  type RelatedItemRow,
  type RelationType,
  relationFrom,
} from '../repositories/relationsRepository.ts';

export interface LiteIssueJson {
  id: string;
  name: string;
  sequence_id: number;
  project_id: string;
  project_identifier: string;
  state_id: string | null;
  state_group: string | null;
  priority: string;
}

export interface RelatedIssueJson extends LiteIssueJson {
  relation_id: string;
  relation_type: RelationType;
}

export type RelationMapJson = Record<RelationType, RelatedIssueJson[]>;

export function presentLiteIssue(row: LiteIssueRow): LiteIssueJson {
  return {
    id: row.id,
    name: row.name,
    sequence_id: row.sequence_id,
    project_id: row.project_id,
    project_identifier: row.project_identifier,
    state_id: row.state_id,
    state_group: row.state_group,
    priority: row.priority,
  };
}

/** `{blocking, blocked_by, duplicate, relates_to, start_after, start_before, finish_after, finish_before}` as seen from `issueId`. */
export function presentRelationMap(rows: readonly RelatedItemRow[], issueId: string): RelationMapJson {
  const map = Object.fromEntries(RELATION_TYPES.map((t) => [t, [] as RelatedIssueJson[]])) as RelationMapJson;
  for (const row of rows) {
    const { type } = relationFrom(
      { issue_id: row.relation_issue_id, related_issue_id: row.relation_related_issue_id, relation_type: row.relation_type },
      issueId,
    );
    map[type].push({ ...presentLiteIssue(row), relation_id: row.relation_id, relation_type: type });
  }
  return map;
}

export interface CreatedRelationJson {
  id: string;
  relation_type: RelationType;
  issue: string;
  related_issue: string;
  related_issue_detail: LiteIssueJson;
  created_at: string;
}

export function presentCreatedRelation(relation: CreatedRelation): CreatedRelationJson {
  return {
    id: relation.id,
    relation_type: relation.relation_type,
    issue: relation.issue_id,
    related_issue: relation.related_issue.id,
    related_issue_detail: presentLiteIssue(relation.related_issue),
    created_at: relation.created_at.toISOString(),
  };
}
