// Declares an attachment upload ({name, type, size}): the limits are checked here, before any byte is
// sent (413 over the size limit, 415 for a refused type), and a row waits for the bytes.
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool.ts';
import { type FileAssetRow, insertAttachment } from '../repositories/fileAssetsRepository.ts';
import { storageKey } from '../storage/fileStorage.ts';
import { checkAttachmentName, checkAttachmentType, tooLarge } from './attachmentRules.ts';

export interface AttachmentScope {
  issueId: string;
  projectId: string;
  workspaceId: string;
  actorId: string;
}

export async function createAttachment(
  db: Pool,
  input: {
    scope: AttachmentScope;
    maxBytes: number;
    data: {
      name: string;
      type: string;
      size: number;
      external_source?: string | null | undefined;
      external_id?: string | null | undefined;
    };
  },
): Promise<FileAssetRow> {
  const { scope, data } = input;
  const name = checkAttachmentName(data.name);
  const contentType = checkAttachmentType(name, data.type);
  if (data.size > input.maxBytes) throw tooLarge(input.maxBytes, `"${name}" (${data.size} bytes)`);
  const id = randomUUID();
  return insertAttachment(db, {
    ...scope,
    id,
    name,
    contentType,
    size: data.size,
    storageKey: storageKey(scope.workspaceId, id),
    externalSource: data.external_source ?? null,
    externalId: data.external_id ?? null,
  });
}
