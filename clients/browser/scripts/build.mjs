// Builds dist/ (or the folder given): the ES module, the single-file bundle, type declarations and the account
// page. Reproducible: no timestamps, no absolute paths, the same bytes from the same sources (a test checks the
// committed dist/ against a fresh build).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  target: 'es2022',
  platform: 'browser',
  charset: 'utf8',
  legalComments: 'eof',
  sourcemap: false,
  logLevel: 'warning',
};
await build({ ...common, format: 'esm', outfile: join(out, 'sessioncluster.mjs') });
await build({ ...common, format: 'iife', globalName: 'SessionCluster', outfile: join(out, 'sessioncluster.js') });

execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(out, 'types')],
  { cwd: root, stdio: 'inherit' });

cpSync(join(root, 'page'), join(out, 'account'), { recursive: true });
