// Every audit action the code writes has a name in English and German.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@kontor/db';
import { auditNames } from '../messages/audit-names.ts';
import { auditActionKey, auditNamer } from './audit-names.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Source files (not tests, not generated code) below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && /\.tsx?$/.test(f.name) && !/\.test\.tsx?$/.test(f.name))
    .map((f) => path.join(f.parentPath, f.name))
    .filter((file) => !file.includes(`${path.sep}generated${path.sep}`) && !file.includes(`${path.sep}node_modules${path.sep}`));
}

/** The action codes written in the code: string literals after `action:` (also both sides of a `?:`). */
function actionsInCode(): Set<string> {
  const found = new Set<string>();
  for (const dir of ['packages/db/src', 'apps/web/lib', 'apps/web/app', 'apps/maild/src', 'apps/cli/src']) {
    for (const file of sources(path.join(ROOT, dir))) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const value = /\baction: ([^,}]+)/.exec(line)?.[1];
        if (!value) continue;
        for (const literal of value.matchAll(/'([a-z0-9-]+(?:\.[a-z0-9+-]+)+)'/g)) found.add(literal[1]!);
      }
    }
  }
  return found;
}

describe('audit names', () => {
  it('every action written in the code is in the typed list', () => {
    const written = actionsInCode();
    assert.ok(written.size >= 30, `found ${written.size} actions in the code`);
    const missing = [...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    assert.deepEqual(missing, [], 'written but not in packages/db/src/audit-actions.ts');
  });

  it('every action and target type has a name in English and German, and no name is left over', () => {
    for (const locale of ['en', 'de'] as const) {
      const { actions, targets } = auditNames[locale];
      for (const action of AUDIT_ACTIONS) {
        const name = (actions as Record<string, string>)[auditActionKey(action)];
        assert.ok(name?.trim(), `${locale}: ${action}`);
      }
      for (const type of AUDIT_TARGET_TYPES) assert.ok((targets as Record<string, string>)[type]?.trim(), `${locale}: target ${type}`);
      assert.equal(Object.keys(actions).length, AUDIT_ACTIONS.length, `${locale}: one name per action`);
      assert.equal(Object.keys(targets).length, AUDIT_TARGET_TYPES.length, `${locale}: one name per target type`);
    }
  });

  it('names a known code in the language and shows an unknown one as it is', () => {
    const german = auditNamer((key) => {
      const [group, name] = key.split('.') as ['actions' | 'targets', string];
      return (auditNames.de[group] as Record<string, string>)[name]!;
    });
    assert.equal(german.action('mailbox.create'), 'Postfach angelegt');
    assert.equal(german.action('mailbox.app-password.revoke'), 'App-Passwort widerrufen');
    assert.equal(german.targetType('mailbox'), 'Postfach');
    assert.equal(german.action('mailbox.teleport'), 'mailbox.teleport');
    assert.equal(german.targetType('spaceship'), 'spaceship');
  });
});
