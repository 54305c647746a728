// The public listener's routes, in one explicit list (no directory scanning).
import type { FastifyInstance } from 'fastify';
import { v1Routes } from '../v1/index.ts';
import { attachmentRoutes } from './attachments/index.ts';
import { authRoutes } from './auth/index.ts';
import { commentRoutes } from './comments/index.ts';
import { cycleRoutes } from './cycles/index.ts';
import { healthRoutes } from './health/index.ts';
import { instanceRoutes } from './instance/index.ts';
import { invitationRoutes } from './invitations/index.ts';
import { labelRoutes } from './labels/index.ts';
import { linkRoutes } from './links/index.ts';
import { moduleRoutes } from './modules/index.ts';
import { projectRoutes } from './projects/index.ts';
import { relationRoutes } from './relations/index.ts';
import { stateRoutes } from './states/index.ts';
import { stickyRoutes } from './stickies/index.ts';
import { pubRoutes } from './pub/index.ts';
import { subscriberRoutes } from './subscribers/index.ts';
import { userRoutes } from './users/index.ts';
import { workItemListRoutes } from './workItemLists/index.ts';
import { workItemRoutes } from './workItems/index.ts';
import { workspaceRoutes } from './workspaces/index.ts';

export async function registerPublicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(instanceRoutes);
  await app.register(userRoutes);
  await app.register(workspaceRoutes);
  await app.register(invitationRoutes);
  await app.register(pubRoutes);
  await app.register(relationRoutes);
  await app.register(linkRoutes);
  await app.register(commentRoutes);
  await app.register(subscriberRoutes);
  await app.register(attachmentRoutes);
  await app.register(projectRoutes);
  await app.register(stateRoutes);
  await app.register(labelRoutes);
  await app.register(cycleRoutes);
  await app.register(stickyRoutes);
  await app.register(moduleRoutes);
  await app.register(workItemRoutes);
  await app.register(workItemListRoutes);
  await app.register(v1Routes, { prefix: '/api/v1' });
}
