import { defineMessages } from './define.ts';

/** The shared components' own words (components/ui.tsx, form.tsx, disclosure.tsx). */
export const ui = defineMessages({
  en: {
    active: 'Active',
    disabled: 'Disabled',
    storageUsed: 'Storage used',
    saving: 'Saving…',
  },
  de: {
    active: 'Aktiv',
    disabled: 'Deaktiviert',
    storageUsed: 'Belegter Speicher',
    saving: 'Wird gespeichert…',
  },
});
