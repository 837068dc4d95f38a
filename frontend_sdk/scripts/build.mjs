// Builds the injected bridge bundle (into the Python package) and the ES module API (dist/).
//
//   node scripts/build.mjs            bundle + dist
//   node scripts/build.mjs --bundle   bundle only
//   node scripts/build.mjs --check    rebuild the bundle in memory; exit 1 if the committed copy differs
//
// The bundle is deterministic for a given esbuild version (pinned in package.json): no
// sourcemap, no timestamps, stable module order.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundlePath = join(root, '..', 'pytauri_like', '_static', 'bridge.js');
const banner =
  '/* pytauri_like bridge, protocol 1. Generated from frontend_sdk/src by `npm run build`; do not edit. */';

async function buildBundle() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/browser.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: banner },
    minifySyntax: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

const args = new Set(process.argv.slice(2));
const text = await buildBundle();
if (args.has('--check')) {
  let committed = '';
  try {
    committed = readFileSync(bundlePath, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== text) {
    console.error(
      `${relative(process.cwd(), bundlePath)} differs from a fresh build of frontend_sdk/src; ` +
        'run `npm run build` in frontend_sdk and commit the result.',
    );
    process.exit(1);
  }
  console.log(`${relative(process.cwd(), bundlePath)} is up to date (${text.length} bytes)`);
  process.exit(0);
}
mkdirSync(dirname(bundlePath), { recursive: true });
writeFileSync(bundlePath, text);
console.log(`wrote ${relative(process.cwd(), bundlePath)} (${text.length} bytes)`);
if (!args.has('--bundle')) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log('wrote dist/');
}
