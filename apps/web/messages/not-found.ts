import { defineMessages } from './define.ts';

/** The 404 page. */
export const notFound = defineMessages({
  en: {
    title: 'Not found',
    text: 'This page does not exist, or it belongs to a domain you do not administer.',
    back: 'Back to the dashboard',
  },
  de: {
    title: 'Nicht gefunden',
    text: 'Diese Seite gibt es nicht, oder sie gehört zu einer Domain, die Sie nicht verwalten.',
    back: 'Zurück zur Übersicht',
  },
});
