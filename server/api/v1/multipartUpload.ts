// A streaming reader of the multipart/form-data POST that S3-style clients send to an upload URL:
// the text fields first (S3 reads only those before the file), then one file part whose bytes are
// handed on as a stream with backpressure, never held whole in memory. Anything after the file is
// read and dropped. Fields and part headers are size-limited; a malformed form is a 400.
import { Readable } from 'node:stream';
import { type HttpError, ValidationError } from '../errors.ts';

export interface MultipartUpload {
  /** The text fields before the file, by name (the last of a repeated name wins). */
  fields: Record<string, string>;
  filename: string;
  /** The file part's own Content-Type header, if any. */
  contentType: string | null;
  file: Readable;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 100;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const malformed = (detail: string): HttpError => ValidationError(`Malformed multipart form: ${detail}`, { file: [detail] });

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const form = /^\s*multipart\/form-data\s*;(.*)$/is.exec(contentType ?? '');
  if (!form?.[1]) return null;
  const match = /(?:^|;)\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(form[1]);
  return match?.[1] ?? match?.[2] ?? null;
}

function headerParam(value: string, key: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(value);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? null);
}

interface PartHead {
  name: string | null;
  filename: string | null;
  contentType: string | null;
}

function partHead(text: string): PartHead {
  const head: PartHead = { name: null, filename: null, contentType: null };
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      head.name = headerParam(value, 'name');
      head.filename = headerParam(value, 'filename');
    } else if (key === 'content-type') head.contentType = value;
  }
  return head;
}

/**
 * The file part's bytes. Nothing is read from the request until the consumer first asks (so every
 * listener it attaches sees the outcome, even when it sets up asynchronously); after that, bytes are
 * pushed as fast as it reads them.
 */
class FilePart extends Readable {
  started = false;
  #wanted = false;
  #waiting: (() => void) | null = null;

  override _read(): void {
    this.started = true;
    this.#wanted = true;
    this.#wake();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#wake();
    callback(error);
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.();
  }

  /** Resolves once the reader wants bytes, or the stream is gone. */
  demand(): Promise<void> {
    if (this.#wanted || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** Hands bytes on when the reader wants them; a destroyed stream drops them. */
  async send(data: Buffer): Promise<void> {
    if (data.length === 0) return;
    await this.demand();
    if (this.destroyed) return;
    if (!this.push(data)) this.#wanted = false;
  }

  /** Fails the stream, but only once its reader is there to hear it. */
  async fail(error: Error): Promise<void> {
    if (!this.started) await this.demand();
    this.destroy(error);
  }
}

type State = 'preamble' | 'delimiter' | 'headers' | 'field' | 'file' | 'epilogue';

/**
 * Resolves once the file part begins (its bytes then flow through `file`), or rejects with a 400
 * when the form is malformed or ends without a file. Errors after that destroy `file` instead.
 */
export function readMultipartUpload(body: Readable, boundary: string): Promise<MultipartUpload> {
  // Every delimiter, the first included, is matched as CRLF "--" boundary: the buffer starts with a CRLF.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  return new Promise((resolve, reject) => {
    let file: FilePart | null = null;

    const parse = async (): Promise<void> => {
      const fields: Record<string, string> = {};
      let buf: Buffer = CRLF;
      let state: State = 'preamble';
      let fieldName: string | null = null;
      let fieldCount = 0;
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (state === 'epilogue') continue;
        buf = buf.length > 0 ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          if (state === 'preamble' || state === 'field' || state === 'file') {
            const at = buf.indexOf(delimiter);
            if (at < 0) {
              const keep = delimiter.length - 1;
              if (state === 'field' && buf.length > MAX_FIELD_BYTES + keep)
                throw malformed(`a field is longer than ${MAX_FIELD_BYTES} bytes.`);
              if (state === 'file' && file && buf.length > keep) {
                await file.send(buf.subarray(0, buf.length - keep));
                buf = buf.subarray(buf.length - keep);
              }
              if (state === 'preamble' && buf.length > keep) buf = buf.subarray(buf.length - keep);
              break;
            }
            const content = buf.subarray(0, at);
            buf = buf.subarray(at + delimiter.length);
            if (state === 'field' && fieldName !== null) fields[fieldName] = content.toString('utf8');
            if (state === 'file' && file) {
              await file.send(content);
              file.push(null);
              state = 'epilogue';
              break;
            }
            state = 'delimiter';
          } else if (state === 'delimiter') {
            if (buf.length < 2) break;
            if (buf[0] === 0x2d && buf[1] === 0x2d) {
              state = 'epilogue';
              break;
            }
            if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw malformed('a boundary is not followed by a line break.');
            buf = buf.subarray(2);
            state = 'headers';
          } else if (state === 'headers') {
            const end = buf.indexOf(HEADER_END);
            if (end < 0) {
              if (buf.length > MAX_HEADER_BYTES) throw malformed('part headers are too long.');
              break;
            }
            const head = partHead(buf.subarray(0, end).toString('utf8'));
            buf = buf.subarray(end + HEADER_END.length);
            if (head.filename !== null || head.name === 'file') {
              file = new FilePart();
              resolve({ fields, filename: head.filename ?? 'file', contentType: head.contentType, file });
              state = 'file';
            } else {
              fieldCount += 1;
              if (fieldCount > MAX_FIELDS) throw malformed(`more than ${MAX_FIELDS} fields.`);
              fieldName = head.name;
              state = 'field';
            }
          } else break;
        }
        if (state === 'epilogue') buf = Buffer.alloc(0);
      }
      if (state === 'file') throw malformed('the upload ended before the file was complete.');
      if (!file) throw malformed('there is no file part: send the file as the "file" field, after the other fields.');
    };

    parse().catch((error: Error) => {
      if (file) void file.fail(error);
      else reject(error);
    });
  });
}
