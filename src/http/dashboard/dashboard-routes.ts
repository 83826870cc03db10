import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DurableClient } from '../../client/durable-client';
import { HttpProblem } from '../http-problem';
import { createDashboardAccess } from './dashboard-access';
import { registerDashboardApiRoutes } from './dashboard-api-routes';
import { loadDashboardAssets } from './dashboard-assets';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/dashboard';

export interface DashboardRoutesOptions {
  readonly client: DurableClient;
  readonly hasSystemKey: boolean;
  readonly exposeServerPaths: boolean;
  /** The built dashboard's folder; default: the package's `dist/dashboard`. */
  readonly assetsDir?: string;
}

/**
 * The bundle's pages only load files from this server, run no inline script and cannot be framed
 * (a page of another site cannot trick an operator into clicking an action).
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * Registers the web dashboard: its page and bundle at `/dashboard` (the build's `index.html`,
 * `app.js` and `app.css`, read once) and its JSON routes at `/dashboard/api`. The page reads and
 * acts through the durabletask API, with the key the operator enters. Without a build, the page
 * answers 503 saying how to build it.
 */
export function registerDashboardRoutes(app: FastifyInstance, options: DashboardRoutesOptions): void {
  const access = createDashboardAccess(app, options.hasSystemKey);
  const assets = loadDashboardAssets(options.assetsDir);
  const serve = (name: string) => async (_request: unknown, reply: FastifyReply) => {
    access.assertServed();
    const asset = assets?.get(name);
    if (asset === undefined) {
      throw new HttpProblem(503, 'DASHBOARD_NOT_BUILT', 'The dashboard is not built: run `npm run build` (it writes dist/dashboard), or set dashboardAssetsDir.');
    }
    return reply.code(200).headers(SECURITY_HEADERS).type(asset.contentType).send(asset.body);
  };
  app.get(DASHBOARD_PATH, serve('index.html'));
  app.get(`${DASHBOARD_PATH}/app.js`, serve('app.js'));
  app.get(`${DASHBOARD_PATH}/app.css`, serve('app.css'));
  registerDashboardApiRoutes(app, `${DASHBOARD_PATH}/api`, { client: options.client, access, exposeServerPaths: options.exposeServerPaths });
}
