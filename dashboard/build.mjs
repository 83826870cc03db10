// Bundles the dashboard (Preact, TSX) into static files the host serves at /dashboard:
// index.html, app.js and app.css in dist/dashboard (or the folder given). No CDN: everything the
// page loads is in these three files.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Writes the bundle into `outDir` (default: the package's dist/dashboard). */
export async function buildDashboard(outDir = resolve(here, '..', 'dist', 'dashboard')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: outDir,
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(join(here, 'src', 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildDashboard(process.argv[2]);
  console.log(`dashboard built into ${out}`);
}
