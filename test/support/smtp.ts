import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received { raw: Buffer; parsed: ParsedMail }

/** A real SMTP server on 127.0.0.1 that keeps what it receives; `refuse` makes it answer 451 to that many messages;
 * `connections` counts the connections opened to it. */
export async function startSmtp() {
  const inbox: Received[] = [];
  const state = { refuse: 0, connections: 0 };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse > 0) {
          state.refuse -= 1;
          callback(Object.assign(new Error('Coba lagi nanti'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => { inbox.push({ raw, parsed }); callback(); });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    server, inbox, state, url: `smtp://127.0.0.1:${port}`,
    /** Messages to one address, oldest first. */
    to: (address: string) => inbox.filter((m) => m.parsed.to && 'text' in m.parsed.to && m.parsed.to.text === address),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  type: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  children: MimePart[];
  /** The decoded body of a leaf part. */
  body: Buffer;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const soft = text.replace(/=\r\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

/**
 * The MIME tree of a raw message, as the mail client sees it (mailparser flattens it, and the nesting is the point:
 * the calendar must sit in multipart/alternative even when the message has other attachments).
 */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const content = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const [type, ...rest] = (headers['content-type'] ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  const part: MimePart = { type: type.trim().toLowerCase(), params, headers, children: [], body: Buffer.alloc(0) };
  if (part.type.startsWith('multipart/')) {
    const sections = content.split(`--${params.boundary}`);
    part.children = sections.slice(1, -1).map((s) => parseMime(s.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  } else {
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    part.body = encoding === 'base64' ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable' ? decodeQuotedPrintable(content) : Buffer.from(content, 'utf8');
  }
  return part;
}

/** Every leaf part, depth first, with its parent's type. */
export function leaves(part: MimePart, parent = ''): Array<MimePart & { parent: string }> {
  return part.children.length ? part.children.flatMap((c) => leaves(c, part.type)) : [{ ...part, parent }];
}
