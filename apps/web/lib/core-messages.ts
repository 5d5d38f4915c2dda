import type { Locale } from '@kontor/core';
import { CORE_ERRORS_DE } from '../messages/core-errors.ts';

interface Pattern {
  match: RegExp;
  names: string[];
  german: string;
}

function compile(english: string, german: string): Pattern {
  const names: string[] = [];
  const source = english
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '(.+?)';
    })
    .join('');
  return { match: new RegExp(`^${source}$`), names, german };
}

const GERMAN = CORE_ERRORS_DE.map(([english, german]) => compile(english, german));

/** A core error message in the panel's language (unchanged when no translation is known). */
export function translateCoreMessage(message: string, locale: Locale): string {
  if (locale !== 'de') return message;
  for (const pattern of GERMAN) {
    const found = pattern.match.exec(message);
    if (!found) continue;
    // A placeholder may hold a message of its own ("x": <reason>); each capture is shorter, so this ends.
    return pattern.german.replace(/\{(\w+)\}/g, (_, name: string) => translateCoreMessage(found[pattern.names.indexOf(name) + 1] ?? '', locale));
  }
  return message;
}
