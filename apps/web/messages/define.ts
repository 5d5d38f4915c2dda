/**
 * A namespace of panel strings in every language at once, so a string
 * cannot exist in one language only: the German object must have exactly
 * the English keys (checked by the type checker). Strings are ICU messages
 * (next-intl): `{name}`, `{count, plural, one {# mailbox} other {# mailboxes}}`.
 */
export type MessageTree = { [key: string]: string | MessageTree };

type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export function defineMessages<const T extends MessageTree>(messages: { en: T; de: SameKeys<T> }): { en: T; de: SameKeys<T> } {
  return messages;
}
