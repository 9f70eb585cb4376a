// Compiles the unit tests (and the pure modules they import) to plain JavaScript for node's test runner.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, '.test-build');
rmSync(out, { recursive: true, force: true });
const tests = readdirSync(resolve(root, 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
await build({
  absWorkingDir: root,
  entryPoints: tests,
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
