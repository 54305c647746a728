import { Type } from 'typebox';
import { RELATION_TYPES } from '../../../repositories/relationsRepository.ts';

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const WorkItemParams = Type.Object({
  slug: Type.String(),
  projectId: Type.String(),
  issueId: Type.String(),
});

export const CreateRelationsBody = Type.Object({
  relation_type: Type.Union(RELATION_TYPES.map((t) => Type.Literal(t))),
  issues: Type.Array(Type.String({ pattern: UUID_PATTERN }), { minItems: 1, maxItems: 100 }),
});

export const RemoveRelationBody = Type.Object({
  related_issue: Type.String({ pattern: UUID_PATTERN }),
});
