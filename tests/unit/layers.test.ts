import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const depcruise = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

/** Runs the project's dependency rules over a tree, as `npm run lint` does over the real one. */
const cruise = (cwd: string, dirs: string[]) =>
  spawnSync(depcruise, [...dirs, '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('the direction of imports', () => {
  it('fails on domain code that imports the database, naming the rule and the import', () => {
    const run = cruise(path.join(ROOT, 'tests', 'fixtures', 'layers'), ['app', 'db', 'lib']);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/domain-stays-pure: lib\/status\.ts → db\/monuments\.ts/);
    expect(run.stdout + run.stderr).not.toMatch(/app\/page\.ts/); // the app may import both
  });

  it('holds for the real tree', () => {
    const run = cruise(ROOT, ['app', 'components', 'db', 'lib', 'proxy.ts', 'server.js']);
    expect(run.stdout + run.stderr).toMatch(/no dependency violations/);
    expect(run.status).toBe(0);
  }, 60_000);
});
