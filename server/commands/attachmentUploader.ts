// Receives the bytes of a declared attachment as a stream and stores them: never more than the
// declared size (nor the limit) is accepted (413 as soon as it is exceeded), the SHA-256 is computed
// on the way, and the row is marked uploaded with its activity row in one transaction at the end.
import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { claimUpload, type FileAssetRow, findAttachment, markUploaded, releaseUpload } from '../repositories/fileAssetsRepository.ts';
import type { FileStorage } from '../storage/fileStorage.ts';
import type { AttachmentScope } from './attachmentCreator.ts';
import { mediaTypeEssence, tooLarge, UnsupportedMediaType } from './attachmentRules.ts';

/** Counts and hashes the bytes going through; fails once more than `limit` have been seen. */
class UploadMeter extends Transform {
  bytes = 0;
  readonly hash: Hash = createHash('sha256');
  readonly #limit: number;
  readonly #tooLarge: () => Error;

  constructor(limit: number, tooLargeError: () => Error) {
    super();
    this.#limit = limit;
    this.#tooLarge = tooLargeError;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.#limit) {
      callback(this.#tooLarge());
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Pipes the request body through the meter without tying their fates the way stream.pipeline does:
 * when the meter refuses (too large), the request is left alone (not destroyed) so the client still
 * gets the 413; when the client goes away mid-upload, the meter fails and nothing is kept.
 */
function metered(source: Readable, meter: UploadMeter): UploadMeter {
  let ended = false;
  source.once('end', () => {
    ended = true;
  });
  source.once('error', (error) => meter.destroy(error));
  source.once('close', () => {
    if (!ended) meter.destroy(new Error('The upload was interrupted.'));
  });
  meter.once('error', () => {
    source.unpipe(meter);
    source.resume();
  });
  return source.pipe(meter);
}

export interface UploadInput {
  scope: AttachmentScope;
  assetId: string;
  body: Readable;
  /** The request's Content-Type and Content-Length headers. */
  contentType: string | undefined;
  contentLength: string | undefined;
  maxBytes: number;
}

export async function uploadAttachment(pool: Pool, storage: FileStorage, input: UploadInput): Promise<FileAssetRow> {
  const { scope } = input;
  const where = { projectId: scope.projectId, issueId: scope.issueId, assetId: input.assetId };
  const declared = await findAttachment(pool, where);
  if (!declared) throw NotFoundError('Attachment not found.');
  if (declared.created_by !== scope.actorId) throw ForbiddenError('Only the person who added this attachment can upload its file.');
  if (declared.is_uploaded) throw ConflictError('This attachment has already been uploaded.');
  const size = Number(declared.size);
  const limit = Math.min(size, input.maxBytes);
  const sent = input.contentType ? mediaTypeEssence(input.contentType) : '';
  if (sent && sent !== declared.content_type) {
    throw UnsupportedMediaType(`Content-Type ${sent} does not match the declared type ${declared.content_type} of "${declared.name}".`);
  }
  const length = input.contentLength === undefined ? null : Number(input.contentLength);
  if (length !== null && Number.isFinite(length) && length > limit) {
    throw size > input.maxBytes
      ? tooLarge(input.maxBytes)
      : tooLarge(size, `The upload (${length} bytes) is larger than the declared size, which`);
  }
  const claimed = await claimUpload(pool, where);
  if (!claimed) throw ConflictError('This attachment is being uploaded or has been uploaded already.');
  const meter = new UploadMeter(limit, () =>
    size > input.maxBytes
      ? tooLarge(input.maxBytes)
      : tooLarge(size, `The upload is larger than the declared size of ${size} bytes, which`),
  );
  let stored = false;
  try {
    await storage.write(claimed.storage_key, metered(input.body, meter), { contentType: claimed.content_type, size });
    stored = true;
    if (meter.bytes !== size) {
      throw ValidationError(`The upload ended after ${meter.bytes} of the ${size} declared bytes; send the whole file.`);
    }
    const sha256 = meter.hash.digest('hex');
    const row = await inTransaction(pool, async (tx) => {
      const uploaded = await markUploaded(tx, {
        assetId: claimed.id,
        size: meter.bytes,
        sha256,
        location: storage.location,
        actorId: scope.actorId,
      });
      if (!uploaded) return null;
      await recordActivity(tx, {
        ...scope,
        verb: 'created',
        field: 'attachment',
        newValue: uploaded.name,
        newIdentifier: uploaded.id,
        comment: 'uploaded a new attachment',
      });
      return uploaded;
    });
    if (!row) throw NotFoundError('The attachment was deleted during its upload.');
    return row;
  } catch (error) {
    if (stored) await storage.remove(claimed.storage_key).catch(() => undefined);
    await releaseUpload(pool, claimed.id);
    throw error;
  }
}
