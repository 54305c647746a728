// One rotating log file for the whole appliance (<data>/logs/hangar.log): every line carries the
// time and the service it came from. Also keeps each service's last lines for status and FAILED.
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

const MAX_BYTES = 10 * 1024 * 1024;
const KEEP = 5;
const TAIL_LINES = 40;

export class LogSink {
  readonly file: string;
  #stream: WriteStream;
  #bytes: number;
  readonly #tails = new Map<string, string[]>();
  readonly #echo: ((line: string) => void) | undefined;

  constructor(dir: string, echo?: (line: string) => void) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'hangar.log');
    this.#bytes = this.#sizeOf(this.file);
    this.#stream = createWriteStream(this.file, { flags: 'a' });
    this.#echo = echo;
  }

  #sizeOf(file: string): number {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  }

  #rotate(): void {
    this.#stream.end();
    rmSync(`${this.file}.${KEEP}`, { force: true });
    for (let i = KEEP - 1; i >= 1; i -= 1) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(this.file, `${this.file}.1`);
    this.#stream = createWriteStream(this.file, { flags: 'a' });
    this.#bytes = 0;
  }

  write(service: string, line: string, echo = false): void {
    const text = `${new Date().toISOString()} [${service}] ${line}\n`;
    if (this.#bytes + text.length > MAX_BYTES) this.#rotate();
    this.#stream.write(text);
    this.#bytes += Buffer.byteLength(text);
    const tail = this.#tails.get(service) ?? [];
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    this.#tails.set(service, tail);
    if (echo) this.#echo?.(`[${service}] ${line}`);
  }

  /** Splits a child's output stream into lines and files each one; `onLine` sees them too. */
  pipe(service: string, stream: Readable | null, onLine?: (line: string) => void): void {
    if (!stream) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.length === 0) continue;
        this.write(service, line);
        onLine?.(line);
      }
    });
    stream.on('end', () => {
      if (pending) this.write(service, pending);
      pending = '';
    });
  }

  tail(service: string, count = 10): string[] {
    return (this.#tails.get(service) ?? []).slice(-count);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#stream.end(resolve));
  }
}
