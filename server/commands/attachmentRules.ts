// What may be attached: a size limit (instance_settings `attachment_max_bytes`, default 25 MB) and a
// type policy (documents, media, text, archives, …; never executables or scripts a machine would run).
import { HttpError, PayloadTooLargeError, ValidationError } from '../api/errors.ts';
import type { Pool } from '../db/pool.ts';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

/** The size limit in bytes: the instance setting when it is a positive whole number, else the default. */
export async function attachmentMaxBytes(db: Pool): Promise<number> {
  const { rows } = await db.query<{ value: unknown }>("SELECT value FROM instance_settings WHERE key = 'attachment_max_bytes'");
  const value = rows[0]?.value;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_ATTACHMENT_MAX_BYTES;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

export function tooLarge(maxBytes: number, what = 'This file'): HttpError {
  return PayloadTooLargeError(`${what} is larger than the attachment limit of ${formatBytes(maxBytes)}.`);
}

export const UnsupportedMediaType = (message: string): HttpError => new HttpError(415, 'unsupported_media_type', message);

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The media type without parameters, lower-cased ("Text/Plain; charset=utf-8" → "text/plain"). */
export function mediaTypeEssence(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

const ALLOWED_FAMILIES = ['image/', 'video/', 'audio/', 'text/', 'font/'];
const ALLOWED_TYPES = new Set([
  'application/pdf',
  'application/json',
  'application/xml',
  'application/rtf',
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'application/msword',
  'application/x-yaml',
  'application/yaml',
  'application/sql',
  'application/toml',
  'application/epub+zip',
  'application/octet-stream',
]);
const ALLOWED_PREFIXES = [
  'application/vnd.openxmlformats-officedocument.',
  'application/vnd.ms-',
  'application/vnd.oasis.opendocument.',
  'application/vnd.apple.',
];

/** Types that are programs or scripts for the machine that opens them. */
const DENIED_TYPES = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/x-msi',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/vnd.microsoft.portable-executable',
  'application/x-sh',
  'application/x-csh',
  'application/x-shellscript',
  'text/x-shellscript',
  'application/x-bat',
  'application/x-msmetafile',
  'application/hta',
  'application/x-ms-shortcut',
  'application/java-archive',
  'application/x-java-archive',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
  'application/x-debian-package',
  'application/x-rpm',
  'application/x-powershell',
  'text/vbscript',
]);
const DENIED_EXTENSIONS = new Set([
  'exe',
  'msi',
  'msp',
  'mst',
  'bat',
  'cmd',
  'com',
  'scr',
  'pif',
  'cpl',
  'dll',
  'sys',
  'drv',
  'ocx',
  'ps1',
  'psm1',
  'psd1',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'jse',
  'hta',
  'lnk',
  'reg',
  'inf',
  'jar',
  'apk',
  'app',
  'dmg',
  'pkg',
  'deb',
  'rpm',
  'sh',
  'bash',
  'run',
  'appimage',
  'elf',
  'so',
  'dylib',
  'gadget',
  'msc',
  'scf',
  'url',
  'application',
]);

/** The name as stored: no directories, no control characters, 1–255 characters. */
export function checkAttachmentName(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..')
    throw ValidationError('name: the file needs a name.', { name: ['This field may not be blank.'] });
  if (name.length > 255)
    throw ValidationError('name: at most 255 characters.', { name: ['Ensure this field has no more than 255 characters.'] });
  return name;
}

/** The media type as stored, or 415 when this kind of file may not be attached. */
export function checkAttachmentType(name: string, rawType: string): string {
  const type = mediaTypeEssence(rawType) || 'application/octet-stream';
  if (!MIME.test(type)) throw UnsupportedMediaType(`"${rawType}" is not a media type (e.g. "image/png").`);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (DENIED_TYPES.has(type) || DENIED_EXTENSIONS.has(extension)) {
    throw UnsupportedMediaType(`Executable files and scripts (${extension ? `.${extension}, ` : ''}${type}) cannot be attached.`);
  }
  const allowed =
    ALLOWED_TYPES.has(type) || ALLOWED_FAMILIES.some((f) => type.startsWith(f)) || ALLOWED_PREFIXES.some((p) => type.startsWith(p));
  if (!allowed) {
    throw UnsupportedMediaType(
      `Files of type ${type} cannot be attached: images, video, audio, text, PDF, office documents and archives can.`,
    );
  }
  return type;
}
