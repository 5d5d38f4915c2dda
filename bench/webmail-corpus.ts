/**
 * A realistic business INBOX for the webmail benchmark, reproducible from a
 * seed: correspondents with German and English names, threads (Re: chains
 * with In-Reply-To/References), plain-text mail, HTML newsletters and
 * invoices with multipart/alternative, and some attachments (PDF, images,
 * spreadsheets) of tens to hundreds of kilobytes. Each message is real MIME
 * composed by nodemailer, so the store parses it as it parses delivered mail.
 */
import MailComposer from 'nodemailer/lib/mail-composer';

export type CorpusKind = 'plain' | 'html' | 'attachment';

export interface CorpusMessage {
  raw: Buffer;
  kind: CorpusKind;
  subject: string;
  internalDate: Date;
  flags: string[];
}

/** mulberry32: a small seeded PRNG, so every run files the same mailbox. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Jörg', 'Sabine', 'Mehmet', 'Claire', 'Lukas', 'Özlem', 'Peter', 'Maria', 'Thomas', 'Julia', 'Frank', 'Ines', 'David', 'Grace'];
const LAST = ['Müller', 'Schmidt', 'Weiß', 'Yılmaz', 'Becker', 'Hoffmann', 'Nguyen', 'Schäfer', 'Koch', 'Wagner', 'Fischer', 'Brown', 'Lehmann'];
const COMPANIES = [
  'druckerei-keller.de',
  'steuerbuero-hahn.de',
  'example-supplies.com',
  'agentur-blau.de',
  'logistik-nord.de',
  'kunde-gmbh.de',
  'bank.example',
];
const TOPICS = [
  'Angebot für die Frühjahrskampagne',
  'Rechnung Nr. {n}',
  'Termin nächste Woche',
  'Lieferung verspätet',
  'Quarterly report',
  'Vertragsentwurf zur Durchsicht',
  'Your order {n} has shipped',
  'Einladung: Jahresgespräch',
  'Fotos vom Messestand',
  'Frage zur Mahnung',
  'Newsletter März',
  'Re-design of the landing page',
  'Urlaubsplanung Sommer',
  'Reklamation Artikel {n}',
];
const WORDS =
  'bitte danke angebot rechnung lieferung termin projekt kunde auftrag preis woche montag besprechung entwurf freigabe please review attached numbers meeting budget schedule invoice delivery update team status'.split(
    ' ',
  );

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function paragraph(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(rand, WORDS));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function plainBody(rand: () => number, bytes: number, quote?: string): string {
  const parts = ['Hallo,', ''];
  while (parts.join('\n').length < bytes) parts.push(paragraph(rand, 20 + Math.floor(rand() * 40)), '');
  parts.push('Viele Grüße', pick(rand, FIRST));
  if (quote) parts.push('', ...quote.split('\n').map((line) => `> ${line}`));
  return parts.join('\n');
}

/** Newsletter-ish HTML: tables, inline styles, remote images, as real marketing and invoice mail is. */
function htmlBody(rand: () => number, bytes: number): string {
  const rows: string[] = [];
  let n = 0;
  while (rows.join('').length < bytes) {
    n++;
    rows.push(
      `<tr><td style="padding:12px;font-family:Arial,sans-serif;font-size:14px;color:#333"><img src="https://cdn.${pick(rand, COMPANIES)}/img/${n}.png" width="120" alt="">` +
        `<h2 style="margin:0 0 8px;font-size:18px">${paragraph(rand, 5)}</h2><p style="margin:0">${paragraph(rand, 40)}</p>` +
        `<a href="https://${pick(rand, COMPANIES)}/track?id=${n}" style="color:#0a66c2">Mehr erfahren</a></td></tr>`,
    );
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body><table width="600" cellpadding="0" cellspacing="0" style="margin:auto">${rows.join('')}</table></body></html>`;
}

function attachmentOf(rand: () => number, n: number): { filename: string; content: Buffer; contentType: string } {
  const kinds = [
    { ext: 'pdf', type: 'application/pdf', min: 40_000, max: 400_000 },
    { ext: 'jpg', type: 'image/jpeg', min: 80_000, max: 600_000 },
    { ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', min: 15_000, max: 120_000 },
    { ext: 'png', type: 'image/png', min: 10_000, max: 200_000 },
  ];
  const kind = pick(rand, kinds);
  const size = kind.min + Math.floor(rand() * (kind.max - kind.min));
  const content = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) content.writeUInt32LE(Math.floor(rand() * 0xffffffff), Math.min(i, size - 4));
  return { filename: `${pick(rand, ['Rechnung', 'Angebot', 'Foto', 'Übersicht', 'scan'])}-${n}.${kind.ext}`, content, contentType: kind.type };
}

interface ThreadState {
  subject: string;
  references: string[];
  lastBody: string;
}

/**
 * `count` messages for `owner`, oldest first (so UIDs follow the dates, as
 * delivery does), spread over the last `days` days. About 30 % answer an
 * earlier thread, 25 % are HTML, 8 % carry an attachment.
 */
export async function* corpus(owner: string, count: number, options: { seed?: number; days?: number } = {}): AsyncGenerator<CorpusMessage> {
  const rand = random(options.seed ?? 12);
  const days = options.days ?? 730;
  const people = Array.from({ length: 180 }, (_, i) => {
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const domain = pick(rand, COMPANIES);
    return {
      name: `${first} ${last}`,
      address: `${first}.${last}${i}@${domain}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, ''),
    };
  });
  const threads: ThreadState[] = [];
  const start = Date.now() - days * 86_400_000;
  for (let n = 1; n <= count; n++) {
    const internalDate = new Date(start + (n / count) * days * 86_400_000 - rand() * 3_600_000);
    const from = pick(rand, people);
    const messageId = `<${n}.${Math.floor(rand() * 1e9).toString(36)}@${from.address.split('@')[1]}>`;
    const thread = threads.length > 10 && rand() < 0.3 ? threads[threads.length - 1 - Math.floor(rand() * Math.min(threads.length, 60))]! : undefined;
    const roll = rand();
    const kind: CorpusKind = roll < 0.08 ? 'attachment' : roll < 0.33 ? 'html' : 'plain';
    const subject = thread ? `Re: ${thread.subject}` : pick(rand, TOPICS).replace('{n}', String(10_000 + n));
    const text = plainBody(rand, 600 + Math.floor(rand() * (kind === 'plain' ? 6000 : 2000)), thread?.lastBody.slice(0, 1500));
    const composer = new MailComposer({
      from: { name: from.name, address: from.address },
      to: owner,
      cc: rand() < 0.15 ? [pick(rand, people)] : undefined,
      subject,
      date: internalDate,
      messageId,
      inReplyTo: thread?.references.at(-1),
      references: thread?.references,
      text,
      html: kind === 'plain' ? undefined : htmlBody(rand, 8_000 + Math.floor(rand() * 50_000)),
      attachments: kind === 'attachment' ? [attachmentOf(rand, n)] : undefined,
    });
    const raw = await composer.compile().build();
    if (thread) {
      thread.references.push(messageId);
      thread.lastBody = text;
    } else {
      threads.push({ subject, references: [messageId], lastBody: text });
    }
    const flags = n > count - 40 ? (rand() < 0.5 ? [] : ['\\Seen']) : rand() < 0.9 ? ['\\Seen'] : [];
    if (rand() < 0.03) flags.push('\\Flagged');
    if (rand() < 0.05) flags.push('\\Answered');
    yield { raw, kind, subject, internalDate, flags };
  }
}
