// /api/workspaces/:slug/projects/:projectId/issues/:issueId/attachments/: a work item's files.
//
// Upload is two steps, like Plane's: POST attachments/ {name, type, size} checks the limits (413 over
// `attachment_max_bytes`, 415 for a refused type) and answers 201 {id, upload_url, …}; then
// PUT attachments/:id/upload/ sends the raw bytes as the body (Content-Type = the declared type). The
// body is streamed to the storage (local disk or S3), counted and hashed on the way: more bytes than
// declared → 413 at once. GET attachments/:id/download/ streams the bytes back; DELETE removes them.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { attachmentMaxBytes } from '../../../commands/attachmentRules.ts';
import { createAttachment } from '../../../commands/attachmentCreator.ts';
import { deleteAttachment } from '../../../commands/attachmentDeleter.ts';
import { uploadAttachment } from '../../../commands/attachmentUploader.ts';
import { contentDisposition, presentAttachment, presentDeclaredAttachment } from '../../../presenters/attachment.ts';
import { findAttachment, listAttachments } from '../../../repositories/fileAssetsRepository.ts';
import { StoredFileMissing } from '../../../storage/fileStorage.ts';
import { StorageConfigError, StorageResolver } from '../../../storage/storageSettings.ts';
import { isUuid } from '../../access/membership.ts';
import { ROLE } from '../../access/roles.ts';
import { HttpError, NotFoundError, UnavailableError } from '../../errors.ts';
import { WorkItemParams } from '../relations/schema.ts';
import { scopeOf, type WorkItemAccess, workItemAccess } from '../relations/workItemAccess.ts';
import { AttachmentParams, DeclareAttachmentBody } from './schema.ts';

const BASE = '/api/workspaces/:slug/projects/:projectId/issues/:issueId/attachments';
const DRAIN_GRACE_MS = 5000;

function basePath(item: WorkItemAccess): string {
  return `/api/workspaces/${item.access.workspace.slug}/projects/${item.access.project.id}/issues/${item.issue.id}/attachments`;
}

function attachmentId(id: string): string {
  if (!isUuid(id)) throw NotFoundError('Attachment not found.');
  return id.toLowerCase();
}

/** Storage trouble (bad setting, unreachable S3) → 503 with a message an admin can act on; logged. */
function storageFailure(request: FastifyRequest, error: unknown): Error {
  if (error instanceof HttpError) return error;
  if (error instanceof StorageConfigError) return UnavailableError(error.message);
  request.log.error({ err: error }, 'attachment storage failed');
  return UnavailableError('The attachment storage could not be reached; try again later or ask an admin to check the storage settings.');
}

export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const storages = new StorageResolver(db, app.ctx.env.filesDir);

  app.get<{ Params: Static<typeof WorkItemParams> }>(`${BASE}/`, { schema: { params: WorkItemParams } }, async (request) => {
    const item = await workItemAccess(request, request.params);
    const rows = await listAttachments(db, { projectId: item.access.project.id, issueId: item.issue.id });
    return rows.map((row) => presentAttachment(row, basePath(item)));
  });

  app.post<{ Params: Static<typeof WorkItemParams>; Body: Static<typeof DeclareAttachmentBody> }>(
    `${BASE}/`,
    { schema: { params: WorkItemParams, body: DeclareAttachmentBody } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'attach files');
      const row = await createAttachment(db, { scope: scopeOf(item), maxBytes: await attachmentMaxBytes(db), data: request.body });
      return reply.status(201).send(presentDeclaredAttachment(row, basePath(item)));
    },
  );

  app.get<{ Params: Static<typeof AttachmentParams> }>(
    `${BASE}/:attachmentId/`,
    { schema: { params: AttachmentParams } },
    async (request) => {
      const item = await workItemAccess(request, request.params);
      const row = await findAttachment(db, {
        projectId: item.access.project.id,
        issueId: item.issue.id,
        assetId: attachmentId(request.params.attachmentId),
      });
      if (!row) throw NotFoundError('Attachment not found.');
      return presentAttachment(row, basePath(item));
    },
  );

  app.get<{ Params: Static<typeof AttachmentParams> }>(
    `${BASE}/:attachmentId/download/`,
    { schema: { params: AttachmentParams } },
    async (request, reply: FastifyReply) => {
      const item = await workItemAccess(request, request.params);
      const row = await findAttachment(db, {
        projectId: item.access.project.id,
        issueId: item.issue.id,
        assetId: attachmentId(request.params.attachmentId),
      });
      if (!row?.is_uploaded) throw NotFoundError('Attachment not found.');
      let stream: Readable;
      try {
        stream = await (await storages.at(row.attributes.storage)).read(row.storage_key);
      } catch (error) {
        if (error instanceof StoredFileMissing) throw NotFoundError('The file of this attachment is missing from the storage.');
        throw storageFailure(request, error);
      }
      return reply
        .header('content-type', row.content_type)
        .header('content-length', String(row.size))
        .header('content-disposition', contentDisposition(row.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(stream);
    },
  );

  app.delete<{ Params: Static<typeof AttachmentParams> }>(
    `${BASE}/:attachmentId/`,
    { schema: { params: AttachmentParams } },
    async (request, reply) => {
      const item = await workItemAccess(request, request.params, ROLE.member, 'delete attachments');
      const row = await deleteAttachment(db, {
        scope: scopeOf(item),
        assetId: attachmentId(request.params.attachmentId),
        isProjectAdmin: item.access.projectRole === ROLE.admin,
      });
      try {
        await (await storages.at(row.attributes.storage ?? (await storages.current()).location)).remove(row.storage_key);
      } catch (error) {
        // The row is gone; the orphaned bytes are logged for the admin rather than failing the delete.
        request.log.warn({ err: error, key: row.storage_key }, 'could not remove a deleted attachment from the storage');
      }
      return reply.status(204).send();
    },
  );

  // The upload takes the raw body as a stream: no parser (and so no 1 MB JSON body limit) on this route.
  await app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', (_request, _payload, done) => done(null));
    upload.put<{ Params: Static<typeof AttachmentParams> }>(
      `${BASE}/:attachmentId/upload/`,
      { schema: { params: AttachmentParams } },
      async (request, reply) => {
        const item = await workItemAccess(request, request.params, ROLE.member, 'attach files');
        const assetId = attachmentId(request.params.attachmentId);
        let row: Awaited<ReturnType<typeof uploadAttachment>>;
        try {
          row = await uploadAttachment(db, await storages.current(), {
            scope: scopeOf(item),
            assetId,
            body: request.raw,
            contentType: request.headers['content-type'],
            contentLength: request.headers['content-length'],
            maxBytes: await attachmentMaxBytes(db),
          });
        } catch (error) {
          // A refused upload's remaining bytes are read and dropped (not stored): closing the
          // connection at once would reset it before the client reads the 413. A client that keeps
          // sending anyway is cut off a few seconds after the answer went out.
          if (error instanceof HttpError && error.statusCode === 413 && !request.raw.complete) {
            reply.raw.once('finish', () => {
              setTimeout(() => {
                if (!request.raw.complete) request.raw.destroy();
              }, DRAIN_GRACE_MS).unref();
            });
          }
          throw storageFailure(request, error);
        }
        return presentAttachment(row, basePath(item));
      },
    );
  });
}
