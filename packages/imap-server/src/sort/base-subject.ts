/** The base subject of RFC 5256 §2.1 (SORT SUBJECT, THREAD): one rule, in @kontor/core (the store keeps it as a column). */
export { baseSubject, isReplySubject } from '@kontor/core/sort-keys';
