// Tokens for the attachment URLs that /api/v1 hands out in place of S3's presigned ones:
// "<asset id>.<u|d>.<expiry, unix s>.<HMAC-SHA256>" — bound to one attachment, one action (upload or
// download) and an expiry, so a token cannot be replayed for another file, the other action, or later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type AssetAction = 'upload' | 'download';

/** How long a handed-out URL works (Plane's presigned URLs last an hour too). */
export const ASSET_URL_TTL_SECONDS = 3600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LETTER: Record<AssetAction, string> = { upload: 'u', download: 'd' };

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(`hangar-asset:${payload}`).digest();
}

export function signAssetToken(secret: Buffer, assetId: string, action: AssetAction, expiresAt: number): string {
  const payload = `${assetId.toLowerCase()}.${LETTER[action]}.${Math.floor(expiresAt)}`;
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The asset id the token grants `action` on, or null when it is malformed, forged, for the other action, or expired. */
export function verifyAssetToken(secret: Buffer, token: string, action: AssetAction, now = Date.now() / 1000): string | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [assetId = '', letter, expiry = '', sig = ''] = parts;
  if (!UUID.test(assetId) || letter !== LETTER[action] || !/^\d{1,12}$/.test(expiry) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
  const expected = signature(secret, `${assetId}.${letter}.${expiry}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(expiry) > now ? assetId : null;
}
