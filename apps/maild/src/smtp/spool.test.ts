import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { spoolDirOf, sweepSpool } from './spool.ts';

describe('spool sweep', () => {
  it("removes this instance's leftovers and leaves other hosts' and roles' transactions alone (a shared DATA_DIR)", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kontor-spool-'));
    const mine = spoolDirOf(dataDir, 'smtp', 'mx1');
    const files = {
      leftover: path.join(mine, 'Q1.eml'),
      otherHost: path.join(spoolDirOf(dataDir, 'smtp', 'mx2'), 'Q2.eml'),
      otherRole: path.join(spoolDirOf(dataDir, 'submission', 'mx1'), 'Q3.sub.eml'),
      notSpool: path.join(mine, 'README'),
    };
    for (const file of Object.values(files)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'x');
    }
    assert.equal(await sweepSpool(mine, createLogger('test', 'silent')), 1);
    assert.equal(existsSync(files.leftover), false);
    assert.ok(existsSync(files.otherHost) && existsSync(files.otherRole) && existsSync(files.notSpool));
    assert.equal(await sweepSpool(path.join(dataDir, 'absent'), createLogger('test', 'silent')), 0, 'no spool yet is fine');
  });
});
