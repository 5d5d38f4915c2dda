// The mails the reading pane tests deliver: a newsletter with a remote
// banner, an inline logo and real attachments (a PDF, a PNG, a text file,
// and an "image" that is really HTML), made here byte by byte so the tests
// know exactly what a download must return.
import { deflateSync } from 'node:zlib';
import type nodemailer from 'nodemailer';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real RGB PNG of `width`×`height`: a diagonal gradient between two colours. */
export function gradientPng(width: number, height: number, from: [number, number, number], to: [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round((from[c] as number) + ((to[c] as number) - (from[c] as number)) * t);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF that says `text`, with a correct cross-reference table. */
export function simplePdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export const NEWSLETTER_FILES = {
  pdf: { filename: 'Preisliste Frühling 2026.pdf', content: simplePdf('Preisliste Fruehling 2026'), contentType: 'application/pdf' },
  png: { filename: 'Schaufenster.png', content: gradientPng(240, 160, [14, 165, 233], [79, 70, 229]), contentType: 'image/png' },
  text: { filename: 'notes.txt', content: Buffer.from('Opening hours: Mon–Fri 9–18\n', 'utf8'), contentType: 'text/plain' },
  fake: { filename: 'not-really.png', content: Buffer.from('<html><script>alert(1)</script></html>'), contentType: 'image/png' },
};

export const LOGO = gradientPng(48, 48, [99, 102, 241], [236, 72, 153]);

/** The newsletter: remote banner (https://images.example), inline cid logo, a link, and the four attachments. */
export function newsletter(to: string): nodemailer.SendMailOptions {
  return {
    from: 'Shop Team <news@shop.example>',
    to: `Anna Berg <${to}>`,
    cc: 'Ben Kurz <ben@team.example>',
    subject: 'Spring offers at the corner shop',
    date: new Date('2026-03-14T09:30:00Z'),
    text: 'Spring offers. See https://shop.example/offers',
    html: `<div style="font-family: Georgia, serif; max-width: 560px">
<p><img src="cid:logo@shop" alt="Shop logo" width="48" height="48" style="border-radius: 12px"></p>
<h1 style="color: #312e81; font-size: 26px">Spring offers</h1>
<p><img src="https://images.example/banner.svg" alt="Spring banner" width="560" height="149"></p>
<p style="color: #374151">Dear Anna, our spring collection is here. Everything in the window is <strong>20% off</strong> until Easter.</p>
<p><a href="https://shop.example/offers" style="background: #4f46e5; color: #fff; padding: 10px 16px; border-radius: 8px; text-decoration: none">See the offers</a></p>
<p style="color: #6b7280; font-size: 13px">Corner Shop · Hauptstraße 1 · Köln</p>
</div>`,
    attachments: [
      { filename: 'logo.png', content: LOGO, contentType: 'image/png', cid: 'logo@shop' },
      NEWSLETTER_FILES.pdf,
      NEWSLETTER_FILES.png,
      NEWSLETTER_FILES.text,
      NEWSLETTER_FILES.fake,
    ],
  };
}
