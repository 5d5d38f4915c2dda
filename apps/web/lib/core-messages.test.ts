import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateCoreMessage } from './core-messages.ts';

test('core error messages read in German, with their names and numbers kept', () => {
  assert.equal(translateCoreMessage('Enter a domain name', 'de'), 'Geben Sie einen Domainnamen ein');
  assert.equal(translateCoreMessage('info@beispiel.de is already a mailbox', 'de'), 'info@beispiel.de ist bereits ein Postfach');
  assert.equal(
    translateCoreMessage('beispiel.de already has its maximum of 5 mailboxes', 'de'),
    'beispiel.de hat bereits die höchstens erlaubten 5 Postfächer',
  );
  assert.equal(translateCoreMessage('Enter at most 1,000', 'de'), 'Höchstens 1,000');
  assert.equal(
    translateCoreMessage('"x@bad": Use a full domain name with a dot, for example example.com', 'de'),
    '„x@bad“: Verwenden Sie einen vollständigen Domainnamen mit Punkt, zum Beispiel example.com',
  );
});

test('English stays as it is, and an unknown message stays English', () => {
  assert.equal(translateCoreMessage('Enter a domain name', 'en'), 'Enter a domain name');
  assert.equal(translateCoreMessage('Something nobody translated', 'de'), 'Something nobody translated');
});
