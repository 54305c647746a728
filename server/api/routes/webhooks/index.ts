// /api/workspaces/:slug/webhooks…: a workspace's outgoing webhooks and their delivery logs, for its
// admins only. /api/instance/webhooks: the instance admin's switch for private webhook targets.
import type { FastifyInstance } from 'fastify';
import { createWebhook } from '../../../commands/webhookCreator.ts';
import { newWebhookSecret } from '../../../commands/webhookRules.ts';
import { changeWebhook } from '../../../commands/webhookUpdater.ts';
import { presentWebhook, presentWebhookLog } from '../../../presenters/webhook.ts';
import {
  findWebhook,
  listWebhookLogs,
  listWebhooks,
  replaceWebhookSecret,
  softDeleteWebhook,
} from '../../../repositories/webhooksRepository.ts';
import { privateTargetsSetting, setPrivateTargetsSetting } from '../../../webhooks/privateTargets.ts';
import { isUuid, requireRole, type WorkspaceAccess, workspaceAccess } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError } from '../../errors.ts';
import { requireInstanceAdmin } from '../../plugins/sessionAuth.ts';
import { refuseNulls } from '../projects/schema.ts';
import { CreateWebhookBody, PatchWebhookBody, WebhookLogsQuery, WebhookSettingsBody } from './schema.ts';

type SlugParams = { Params: { slug: string } };
type WebhookParams = { Params: { slug: string; webhookId: string } };

const WEBHOOKS = '/api/workspaces/:slug/webhooks';
const WEBHOOK = `${WEBHOOKS}/:webhookId`;

const webhookNotFound = () => NotFoundError('This webhook does not exist.');

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;

  async function adminAccess(request: Parameters<typeof workspaceAccess>[0], slug: string): Promise<WorkspaceAccess> {
    const access = await workspaceAccess(request, slug);
    requireRole(access, ROLE.admin, 'manage webhooks');
    return access;
  }

  function webhookScope(access: WorkspaceAccess, webhookId: string) {
    if (!isUuid(webhookId)) throw webhookNotFound();
    return { workspaceId: access.workspace.id, webhookId, actorId: access.user.id };
  }

  app.get<SlugParams>(WEBHOOKS, async (request) => {
    const access = await adminAccess(request, request.params.slug);
    return (await listWebhooks(db, access.workspace.id)).map(presentWebhook);
  });

  app.post<SlugParams & { Body: CreateWebhookBody }>(
    WEBHOOKS,
    { schema: { body: CreateWebhookBody }, preValidation: refuseNulls(CreateWebhookBody) },
    async (request, reply) => {
      const access = await adminAccess(request, request.params.slug);
      const { url, ...fields } = request.body;
      const webhook = await createWebhook(db, {
        workspaceId: access.workspace.id,
        actorId: access.user.id,
        url,
        fields,
        allowPrivateFromEnv: app.ctx.env.webhookAllowPrivate,
      });
      return reply.status(201).send(presentWebhook(webhook));
    },
  );

  app.get<WebhookParams>(WEBHOOK, async (request) => {
    const access = await adminAccess(request, request.params.slug);
    const scope = webhookScope(access, request.params.webhookId);
    const webhook = await findWebhook(db, scope.workspaceId, scope.webhookId);
    if (!webhook) throw webhookNotFound();
    return presentWebhook(webhook);
  });

  app.patch<WebhookParams & { Body: PatchWebhookBody }>(
    WEBHOOK,
    { schema: { body: PatchWebhookBody }, preValidation: refuseNulls(PatchWebhookBody) },
    async (request) => {
      const access = await adminAccess(request, request.params.slug);
      const scope = webhookScope(access, request.params.webhookId);
      const webhook = await changeWebhook(db, { ...scope, fields: request.body, allowPrivateFromEnv: app.ctx.env.webhookAllowPrivate });
      return presentWebhook(webhook);
    },
  );

  app.delete<WebhookParams>(WEBHOOK, async (request, reply) => {
    const access = await adminAccess(request, request.params.slug);
    if (!(await softDeleteWebhook(db, webhookScope(access, request.params.webhookId)))) throw webhookNotFound();
    return reply.status(204).send();
  });

  app.post<WebhookParams>(`${WEBHOOK}/regenerate`, async (request) => {
    const access = await adminAccess(request, request.params.slug);
    const webhook = await replaceWebhookSecret(db, webhookScope(access, request.params.webhookId), newWebhookSecret());
    if (!webhook) throw webhookNotFound();
    return presentWebhook(webhook);
  });

  app.get<WebhookParams & { Querystring: WebhookLogsQuery }>(
    `${WEBHOOK}/logs`,
    { schema: { querystring: WebhookLogsQuery } },
    async (request) => {
      const access = await adminAccess(request, request.params.slug);
      const scope = webhookScope(access, request.params.webhookId);
      if (!(await findWebhook(db, scope.workspaceId, scope.webhookId))) throw webhookNotFound();
      const logs = await listWebhookLogs(db, scope, { limit: request.query.per_page ?? 50, offset: request.query.offset ?? 0 });
      return logs.map(presentWebhookLog);
    },
  );

  app.get('/api/instance/webhooks', async (request) => {
    requireInstanceAdmin(request);
    return { allow_private: await privateTargetsSetting(db), allow_private_by_environment: app.ctx.env.webhookAllowPrivate };
  });

  app.patch<{ Body: WebhookSettingsBody }>(
    '/api/instance/webhooks',
    { schema: { body: WebhookSettingsBody }, preValidation: refuseNulls(WebhookSettingsBody) },
    async (request) => {
      requireInstanceAdmin(request);
      await setPrivateTargetsSetting(db, request.body.allow_private);
      return { allow_private: request.body.allow_private, allow_private_by_environment: app.ctx.env.webhookAllowPrivate };
    },
  );
}
