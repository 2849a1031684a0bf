/**
 * AMI's wire format: on connect the server sends one banner line (`Asterisk Call Manager/<version>`),
 * then both sides exchange packets of `Key: Value` lines, each ended by CRLF, a packet ended by an
 * empty line. Header order carries no meaning and a key may repeat (`ChanVariable`).
 */
import { StringDecoder } from 'node:string_decoder';

export type AmiHeader = readonly [name: string, value: string];

/** A peer that never ends a line is not speaking AMI; stop reading before it exhausts memory. */
const maxBufferedChars = 1024 * 1024;

/** One AMI packet: an action, a response or an event. */
export class AmiFrame {
  constructor(readonly headers: readonly AmiHeader[]) {}

  /** The first value of a header; names match case-insensitively, as Asterisk's own lookup does. */
  get(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return this.headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
  }

  get event(): string | undefined {
    return this.get('Event');
  }

  /**
   * A channel variable exported by `channelvars` in manager.conf (`ChanVariable: NAME=value`);
   * `prefix` reads the other channel of a two-channel event, such as `Dest` on DialBegin.
   */
  variable(name: string, prefix = ''): string | undefined {
    const header = `${prefix}ChanVariable`.toLowerCase();
    for (const [key, value] of this.headers) {
      if (key.toLowerCase() !== header) continue;
      const equals = value.indexOf('=');
      if (equals > 0 && value.slice(0, equals) === name) return value.slice(equals + 1);
    }
    return undefined;
  }

  /** The headers as an object for storage; a repeated header becomes a list. */
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of this.headers) {
      const seen = out[key];
      if (seen === undefined) out[key] = value;
      else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    return out;
  }
}

/** Serialises a packet; values cannot hold line breaks, which would forge extra headers. */
export function formatFrame(headers: readonly AmiHeader[]): string {
  let out = '';
  for (const [key, value] of headers) {
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) throw new Error(`AMI header ${key} holds a line break`);
    out += `${key}: ${value}\r\n`;
  }
  return `${out}\r\n`;
}

/** Reads the byte stream of one connection: the banner first, then whole packets as they complete. */
export class AmiFrameReader {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private bannerRead: boolean;
  private headers: AmiHeader[] = [];

  /** `banner: false` reads the client's side, which sends none. */
  constructor(options: { banner: boolean } = { banner: true }) {
    this.bannerRead = !options.banner;
  }

  push(chunk: Buffer | string): { banner?: string; frames: AmiFrame[] } {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const result: { banner?: string; frames: AmiFrame[] } = { frames: [] };
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      // Asterisk ends lines with CRLF; a bare LF is read the same, so a hand-typed session works too.
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (!this.bannerRead) {
        this.bannerRead = true;
        result.banner = line;
      } else if (line === '') {
        if (this.headers.length > 0) result.frames.push(new AmiFrame(this.headers));
        this.headers = [];
      } else {
        const colon = line.indexOf(':');
        // Lines without a colon only occur in the output of `Action: Command`, which we never send.
        if (colon > 0) {
          const rest = line.slice(colon + 1);
          this.headers.push([line.slice(0, colon), rest.startsWith(' ') ? rest.slice(1) : rest]);
        }
      }
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > maxBufferedChars) throw new Error('AMI line longer than 1 MB');
    return result;
  }
}
