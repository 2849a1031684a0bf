/**
 * `npm run build -w @calltrail/snippet`: the package as published. `dist/index.js` is the ESM
 * module for apps that bundle it (not minified: their bundler does that), `dist/*.d.ts` its types,
 * and `dist/calltrail.min.js` the pinned browser build the server also serves.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { snippetBuild } from './bundle.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/`;
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [`${root}src/index.ts`],
  bundle: true,
  format: 'esm',
  target: ['es2020', 'safari14'],
  outfile: `${dist}index.js`,
  logLevel: 'warning',
});
const { pinned, integrity } = await snippetBuild();
writeFileSync(`${dist}calltrail.min.js`, pinned);
// typescript exports no bin path: find its package, then the bin it declares.
const tsc = createRequire(import.meta.url)
  .resolve('typescript/package.json')
  .replace(/package\.json$/, 'bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
console.log(`built ${dist} (calltrail.min.js ${integrity})`);
