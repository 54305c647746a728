// The /api/v1 route modules, in one explicit list (registered behind X-Api-Key auth).
import type { FastifyInstance } from 'fastify';
import { v1CycleRoutes } from './cycles.ts';
import { v1IntakeRoutes } from './intake.ts';
import { v1InvitationRoutes } from './invitations.ts';
import { v1LabelRoutes } from './labels.ts';
import { v1ModuleRoutes } from './modules.ts';
import { v1WorkItemSearchRoutes } from './workItemSearch.ts';
import { v1ProjectMemberRoutes } from './projectMembers.ts';
import { v1ProjectRoutes } from './projects.ts';
import { v1StateRoutes } from './states.ts';
import { v1StickyRoutes } from './stickies.ts';
import { v1UserRoutes } from './users.ts';
import { v1WorkspaceMemberRoutes } from './workspaceMembers.ts';
import { v1WorkItemActivityRoutes } from './workItemActivities.ts';
import { v1WorkItemAttachmentRoutes } from './workItemAttachments.ts';
import { v1WorkItemCommentRoutes } from './workItemComments.ts';
import { v1WorkItemLinkRoutes } from './workItemLinks.ts';
import { v1WorkItemRelationRoutes } from './workItemRelations.ts';
import { v1WorkItemRoutes } from './workItems.ts';

export const V1_ROUTE_MODULES: Array<(app: FastifyInstance) => Promise<void>> = [
  v1StateRoutes,
  v1IntakeRoutes,
  v1CycleRoutes,
  v1ModuleRoutes,
  v1UserRoutes,
  v1WorkspaceMemberRoutes,
  v1ProjectRoutes,
  v1LabelRoutes,
  v1ProjectMemberRoutes,
  v1InvitationRoutes,
  v1StickyRoutes,
  v1WorkItemRoutes,
  v1WorkItemSearchRoutes,
  v1WorkItemLinkRoutes,
  v1WorkItemCommentRoutes,
  v1WorkItemActivityRoutes,
  v1WorkItemAttachmentRoutes,
  v1WorkItemRelationRoutes,
];
