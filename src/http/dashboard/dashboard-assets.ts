import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file of the built dashboard, read once when the server is created. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The files the dashboard build writes (see scripts/build-dashboard.mjs); nothing else is served. */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** Where `npm run build` writes the dashboard, relative to the package root. */
export const DASHBOARD_BUILD_DIR = join('dist', 'dashboard');

/**
 * The built dashboard's files by name, or undefined when they are not there (a source checkout
 * that has not run `npm run build`). Read once: the bundle does not change while a server runs.
 */
export function loadDashboardAssets(dir: string = defaultAssetsDir()): ReadonlyMap<string, DashboardAsset> | undefined {
  const assets = new Map<string, DashboardAsset>();
  for (const [name, contentType] of Object.entries(ASSET_TYPES)) {
    const path = join(dir, name);
    if (!existsSync(path)) return undefined;
    assets.set(name, { body: readFileSync(path), contentType });
  }
  return assets;
}

/** `dist/dashboard` of the package this file belongs to (found from `dist/src/http/dashboard` or `src/http/dashboard`). */
function defaultAssetsDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, DASHBOARD_BUILD_DIR);
    dir = dirname(dir);
  }
  return join(__dirname, '..', '..', DASHBOARD_BUILD_DIR);
}
