// v1 attachments of a work item (`…/{issues|work-items}/:workItemId/attachments/`), in Plane's
// S3-style flow: POST {name, type, size} → 200 {upload_data: {url, fields}, asset_id, attachment,
// asset_url}; the client POSTs a multipart form (the fields, then `file`) to upload_data.url — a
// signed, expiring Hangar URL (../signedAssets.ts) that stores the bytes in the configured storage;
// PATCH then confirms the upload (204). GET one answers 302 to a signed download URL; the list is a
// bare array of the uploaded ones; DELETE (its uploader or a project admin) → 204.
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createAttachment } from '../../../commands/attachmentCreator.ts';
import { deleteAttachment } from '../../../commands/attachmentDeleter.ts';
import { attachmentMaxBytes } from '../../../commands/attachmentRules.ts';
import { type AttachmentJson, presentAttachment } from '../../../presenters/attachment.ts';
import { type FileAssetRow, findAttachment, listAttachments } from '../../../repositories/fileAssetsRepository.ts';
import { StorageResolver } from '../../../storage/storageSettings.ts';
import { ROLE } from '../../access/roles.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { DeclareAttachmentBody } from '../../routes/attachments/schema.ts';
import { scopeOf, type WorkItemAccess } from '../../routes/relations/workItemAccess.ts';
import { type WorkItemParams, workItemPaths } from '../paths.ts';
import { Audit, ErrorBody, Errors, Id, NoContent, NullableString, ObjectOf } from '../schemas.ts';
import { shapeAll, ShapeQuery } from '../shape.ts';
import { signedAssetUrl } from '../signedAssets.ts';
import { partId, v1WorkItemAccess } from './workItemScope.ts';

export const Attachment = ObjectOf('WorkItemAttachment', {
  ...Audit,
  attributes: Type.Object({ name: Type.String(), type: Type.String(), size: Type.Integer() }, { additionalProperties: true }),
  asset: Type.String(),
  asset_url: Type.String(),
  size: Type.Integer(),
  is_uploaded: Type.Boolean(),
  external_source: NullableString,
  external_id: NullableString,
  issue: Id,
  project: Id,
  workspace: Id,
});

const UploadAnswer = Type.Object(
  {
    upload_data: Type.Object({ url: Type.String(), fields: Type.Record(Type.String(), Type.String()) }, { additionalProperties: true }),
    asset_id: Id,
    attachment: Attachment,
    asset_url: Type.String(),
  },
  { title: 'AttachmentUpload', additionalProperties: true },
);

const PatchBody = Type.Object({ is_uploaded: Type.Optional(Type.Boolean()) });
const ListQuery = Type.Object(ShapeQuery);
type AttachmentParams = WorkItemParams & { attachmentId: string };
type Declare = Static<typeof DeclareAttachmentBody>;

const TAGS = ['Work item attachments'];
const notFound = () => NotFoundError('Attachment not found.');

/** The app's attachment with asset_url pointing at the v1 read (which redirects to the bytes). */
function present(row: FileAssetRow, item: WorkItemAccess): AttachmentJson {
  const base = `/api/v1/workspaces/${item.access.workspace.slug}/projects/${item.access.project.id}/work-items/${item.issue.id}/attachments`;
  return { ...presentAttachment(row, base), asset_url: `${base}/${row.id}/` };
}

export async function v1WorkItemAttachmentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const storages = new StorageResolver(db, app.ctx.env.filesDir);

  const attachmentOf = async (item: WorkItemAccess, id: string): Promise<FileAssetRow> => {
    const row = await findAttachment(db, { projectId: item.access.project.id, issueId: item.issue.id, assetId: partId(id, 'Attachment') });
    if (!row) throw notFound();
    return row;
  };

  for (const path of workItemPaths('/attachments')) {
    app.get<{ Params: WorkItemParams; Querystring: Static<typeof ListQuery> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: "A work item's uploaded attachments (a bare array)",
          querystring: ListQuery,
          response: { 200: Type.Array(Attachment), ...Errors },
        },
      },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params);
        const rows = await listAttachments(db, { projectId: item.access.project.id, issueId: item.issue.id });
        return shapeAll(
          request,
          rows.map((row) => present(row, item)),
          item.access.workspace.id,
        );
      },
    );

    app.post<{ Params: WorkItemParams; Body: Declare }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Declare an attachment {name, type, size}: answers where to upload it (200)',
          body: DeclareAttachmentBody,
          response: { 200: UploadAnswer, 413: ErrorBody, 415: ErrorBody, ...Errors },
        },
      },
      async (request) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'attach files');
        const row = await createAttachment(db, { scope: scopeOf(item), maxBytes: await attachmentMaxBytes(db), data: request.body });
        const attachment = present(row, item);
        return {
          upload_data: {
            url: await signedAssetUrl(app, row.id, 'upload'),
            fields: { 'Content-Type': row.content_type, key: row.storage_key },
          },
          asset_id: row.id,
          attachment,
          asset_url: attachment.asset_url,
        };
      },
    );
  }

  for (const path of workItemPaths('/attachments/:attachmentId')) {
    app.get<{ Params: AttachmentParams }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Redirects (302) to a signed, expiring download URL of the file',
          response: { 302: { description: 'Location: the download URL' }, ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params);
        const row = await attachmentOf(item, request.params.attachmentId);
        if (!row.is_uploaded) throw ValidationError('The asset is not uploaded.');
        return reply.redirect(await signedAssetUrl(app, row.id, 'download'), 302);
      },
    );

    app.patch<{ Params: AttachmentParams; Body: Static<typeof PatchBody> }>(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'Confirm the upload (204); the file must have been sent to upload_data.url',
          body: PatchBody,
          response: { 204: NoContent, ...Errors },
        },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'attach files');
        const row = await attachmentOf(item, request.params.attachmentId);
        // The upload URL stores, checks (size, type, SHA-256) and marks the file itself; there is nothing to trust the client for.
        if (!row.is_uploaded) throw ValidationError('The file has not been uploaded yet: POST it to upload_data.url first.');
        return reply.status(204).send();
      },
    );

    app.delete<{ Params: AttachmentParams }>(
      path,
      {
        schema: { tags: TAGS, summary: 'Delete an attachment (its uploader or a project admin)', response: { 204: NoContent, ...Errors } },
      },
      async (request, reply) => {
        const item = await v1WorkItemAccess(request, request.params, ROLE.member, 'delete attachments');
        const row = await deleteAttachment(db, {
          scope: scopeOf(item),
          assetId: partId(request.params.attachmentId, 'Attachment'),
          isProjectAdmin: item.access.projectRole === ROLE.admin,
        });
        try {
          await storages.removeStored(row);
        } catch (error) {
          // The row is gone; the orphaned bytes are logged for the admin rather than failing the delete.
          request.log.warn({ err: error, key: row.storage_key }, 'could not remove a deleted attachment from the storage');
        }
        return reply.status(204).send();
      },
    );
  }
}
