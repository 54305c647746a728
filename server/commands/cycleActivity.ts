// Work-item activity for cycle membership, as Plane records it (field "cycles"): added to a cycle,
// moved from one cycle to another, removed from a cycle.
import type { ActivityInput } from '../repositories/activityRepository.ts';

export interface CycleActivityScope {
  projectId: string;
  workspaceId: string;
  actorId: string;
}

interface CycleRef {
  id: string;
  name: string;
}

export function addedToCycle(scope: CycleActivityScope, issueId: string, cycle: CycleRef): ActivityInput {
  return {
    ...base(scope, issueId),
    verb: 'created',
    oldValue: '',
    newValue: cycle.name,
    newIdentifier: cycle.id,
    comment: `added cycle ${cycle.name}`,
  };
}

export function movedBetweenCycles(scope: CycleActivityScope, issueId: string, from: CycleRef, to: CycleRef): ActivityInput {
  return {
    ...base(scope, issueId),
    verb: 'updated',
    oldValue: from.name,
    newValue: to.name,
    oldIdentifier: from.id,
    newIdentifier: to.id,
    comment: `updated cycle from ${from.name} to ${to.name}`,
  };
}

export function removedFromCycle(scope: CycleActivityScope, issueId: string, cycle: CycleRef): ActivityInput {
  return {
    ...base(scope, issueId),
    verb: 'deleted',
    oldValue: cycle.name,
    newValue: '',
    oldIdentifier: cycle.id,
    comment: `removed this work item from ${cycle.name}`,
  };
}

function base(scope: CycleActivityScope, issueId: string) {
  return { issueId, projectId: scope.projectId, workspaceId: scope.workspaceId, actorId: scope.actorId, field: 'cycles' };
}
