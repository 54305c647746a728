// Deletes an attachment: the row (soft, with its activity row) in one transaction, then its bytes.
// Its uploader or a project admin may.
import { ForbiddenError, NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { recordActivity } from '../repositories/activityRepository.ts';
import { type FileAssetRow, findAttachment, softDeleteAttachment } from '../repositories/fileAssetsRepository.ts';
import type { AttachmentScope } from './attachmentCreator.ts';

/** Deletes the row; returns it so the caller removes its bytes from the storage it names. */
export async function deleteAttachment(
  pool: Pool,
  input: { scope: AttachmentScope; assetId: string; isProjectAdmin: boolean },
): Promise<FileAssetRow> {
  const { scope } = input;
  return inTransaction(pool, async (tx) => {
    const asset = await findAttachment(
      tx,
      { projectId: scope.projectId, issueId: scope.issueId, assetId: input.assetId },
      { forUpdate: true },
    );
    if (!asset) throw NotFoundError('Attachment not found.');
    if (asset.created_by !== scope.actorId && !input.isProjectAdmin) {
      throw ForbiddenError('Only the person who added this attachment or a project admin can delete it.');
    }
    await softDeleteAttachment(tx, asset.id, scope.actorId);
    if (asset.is_uploaded) {
      await recordActivity(tx, {
        ...scope,
        verb: 'deleted',
        field: 'attachment',
        oldValue: asset.name,
        oldIdentifier: asset.id,
        comment: 'deleted an attachment',
      });
    }
    return asset;
  });
}
