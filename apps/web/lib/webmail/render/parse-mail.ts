/**
 * mailparser, set up for the reading pane: MIME, transfer encodings and
 * character sets (iconv-lite, encoding-japanese for ISO-2022-JP; Latin-1 read
 * as windows-1252 like browsers do) are its job; turning cid: links into
 * data: URIs and text into HTML are ours, so it is told to leave them.
 */
import libmime from 'libmime';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { displayText } from './display-text.ts';
import type { HeaderLine, MailAddress } from './types.ts';

export type { ParsedMail };

export function parseMail(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
}

/** From/To/Cc/… as a flat list, members of address groups included, display text cleaned. */
export function addressList(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  const out: MailAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address || entry.name) out.push({ name: displayText(entry.name), address: displayText(entry.address) });
    }
  };
  for (const object of objects) visit(object.value);
  return out;
}

/** Every header field in order: unfolded, encoded-words decoded, controls removed. */
export function headerLines(parsed: ParsedMail): HeaderLine[] {
  return parsed.headerLines.map(({ line }) => {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const rawValue = colon < 0 ? '' : line.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ');
    let value: string;
    try {
      value = libmime.decodeWords(rawValue);
    } catch {
      value = rawValue;
    }
    return { name: displayText(name), value: displayText(value) };
  });
}

export function referenceList(references: string | string[] | undefined): string[] {
  if (!references) return [];
  return (Array.isArray(references) ? references : references.split(/\s+/)).map((id) => id.trim()).filter(Boolean);
}
