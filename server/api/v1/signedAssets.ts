// The attachment URLs /api/v1 hands out instead of S3's presigned ones, served by Hangar in every
// storage mode (the bytes go to / come from the configured storage, local disk or S3): the client
// needs no route to the storage, and every S3-compatible server works, also those without POST-policy
// uploads. No API key: a token in the path (assetTokens.ts) grants one action on one attachment until
// it expires; anything else is 403, as S3 answers a bad signature.
//   POST /api/v1/assets/upload/:token    multipart/form-data: the `fields` handed out, then `file` → 204
//   GET  /api/v1/assets/download/:token  the bytes, as an attachment download
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentMaxBytes } from '../../commands/attachmentRules.ts';
import { uploadAttachment } from '../../commands/attachmentUploader.ts';
import type { Pool } from '../../db/pool.ts';
import { contentDisposition } from '../../presenters/attachment.ts';
import type { FileAssetRow } from '../../repositories/fileAssetsRepository.ts';
import { assetUrlSecret, findSignedAsset, mayStillUpload } from '../../repositories/signedAssetsRepository.ts';
import { StoredFileMissing } from '../../storage/fileStorage.ts';
import { StorageConfigError, StorageResolver } from '../../storage/storageSettings.ts';
import { ForbiddenError, HttpError, NotFoundError, UnavailableError, ValidationError } from '../errors.ts';
import { ASSET_URL_TTL_SECONDS, type AssetAction, signAssetToken, verifyAssetToken } from './assetTokens.ts';
import { multipartBoundary, readMultipartUpload } from './multipartUpload.ts';
import { ErrorBody, NoContent } from './schemas.ts';

const TAGS = ['Attachment files'];
const DRAIN_GRACE_MS = 5000;
const secrets = new WeakMap<Pool, Promise<Buffer>>();

/** The instance's signing secret, read once per pool. */
function secretOf(db: Pool): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = assetUrlSecret(db);
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

/** An absolute, signed URL for `action` on the attachment, valid for ASSET_URL_TTL_SECONDS. */
export async function signedAssetUrl(app: FastifyInstance, assetId: string, action: AssetAction): Promise<string> {
  const token = signAssetToken(await secretOf(app.ctx.db), assetId, action, Date.now() / 1000 + ASSET_URL_TTL_SECONDS);
  return `${app.ctx.env.publicUrl.replace(/\/+$/, '')}/api/v1/assets/${action}/${token}/`;
}

const refused = () => ForbiddenError('This link is invalid or has expired: ask the API for a new one.');

async function assetFor(request: FastifyRequest<{ Params: { token: string } }>, action: AssetAction): Promise<FileAssetRow> {
  const db = request.server.ctx.db;
  const assetId = verifyAssetToken(await secretOf(db), request.params.token, action);
  if (!assetId) throw refused();
  const row = await findSignedAsset(db, assetId);
  if (!row) throw NotFoundError('Attachment not found.');
  return row;
}

/** Storage trouble → 503 with a message an admin can act on; logged. */
function storageFailure(request: FastifyRequest, error: unknown): Error {
  if (error instanceof HttpError) return error;
  if (error instanceof StorageConfigError) return UnavailableError(error.message);
  request.log.error({ err: error }, 'attachment storage failed');
  return UnavailableError('The attachment storage could not be reached; try again later or ask an admin to check the storage settings.');
}

const TokenParams = { type: 'object', properties: { token: { type: 'string', maxLength: 200 } }, required: ['token'] } as const;

export async function v1SignedAssetRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.db;
  const storages = new StorageResolver(db, app.ctx.env.filesDir);

  app.get<{ Params: { token: string } }>(
    '/assets/download/:token',
    {
      schema: {
        tags: TAGS,
        summary: 'Download an attachment through a signed, expiring link (no API key)',
        params: TokenParams,
        response: { 200: { description: 'The file' }, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply: FastifyReply) => {
      const row = await assetFor(request, 'download');
      if (!row.is_uploaded) throw NotFoundError('Attachment not found.');
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

  // The form is read as a stream: no body parser (and so no 1 MB body limit) on this route.
  await app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', (_request, _payload, done) => done(null));
    upload.post<{ Params: { token: string } }>(
      '/assets/upload/:token',
      {
        schema: {
          tags: TAGS,
          summary: "Upload an attachment's file through its signed, expiring upload_data.url (multipart: the fields, then file)",
          params: TokenParams,
          response: { 204: NoContent, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (request, reply) => {
        const row = await assetFor(request, 'upload');
        if (!row.created_by || !(await mayStillUpload(db, row.project_id, row.created_by))) throw refused();
        const boundary = multipartBoundary(request.headers['content-type']);
        if (!boundary) throw ValidationError('Send the file as multipart/form-data: the fields handed out, then "file".');
        const form = await readMultipartUpload(request.raw, boundary);
        try {
          await uploadAttachment(db, await storages.current(), {
            scope: { issueId: row.issue_id, projectId: row.project_id, workspaceId: row.workspace_id, actorId: row.created_by },
            assetId: row.id,
            body: form.file,
            contentType: form.fields['Content-Type'] ?? form.fields['content-type'],
            // The request's length counts the whole form; the file's size is checked as it streams.
            contentLength: undefined,
            maxBytes: await attachmentMaxBytes(db),
          });
        } catch (error) {
          // The rest of a refused upload is read and dropped so that the client gets the answer; one
          // that keeps sending is cut off a few seconds after it went out.
          form.file.destroy();
          if (!request.raw.complete) {
            reply.raw.once('finish', () => {
              setTimeout(() => {
                if (!request.raw.complete) request.raw.destroy();
              }, DRAIN_GRACE_MS).unref();
            });
          }
          throw storageFailure(request, error);
        }
        return reply.status(204).send();
      },
    );
  });
}
