/** Settings of one host HTTP server (the durabletask API and the app's triggers). */
export interface HttpServerConfig {
  /**
   * Prefix of app HTTP trigger routes: the host's `extensions.http.routePrefix`
   * (`host.config.httpRoutePrefix`, default `api`); `''` serves them at the root.
   */
  readonly routePrefix: string;
  /**
   * When set, every built-in `/runtime/webhooks/durabletask` route requires it as `code=` (or the
   * `x-functions-key` header), and so do app triggers of auth level `admin`. Check-status URLs
   * carry it only to a caller who presented it.
   */
  readonly systemKey?: string;
  /**
   * Keys for app triggers of auth level `function` (the default), by name: several can be live
   * at once, and one is revoked by removing it. They open no built-in route.
   */
  readonly functionKeys?: Readonly<Record<string, string>>;
  /**
   * `https://host[:port][/path]` the check-status URLs and `request.url` are built on (behind a
   * proxy: its public address). Default: the address the request came in on — never the Host header.
   */
  readonly baseUrl?: string;
  /** Origins (`https://app.example.com`) allowed to send state-changing requests cross-site, with CORS headers. */
  readonly allowedOrigins?: readonly string[];
  /** Host names (besides the loopback names) that requests may name in `Host`. */
  readonly allowedHosts?: readonly string[];
  /** Allow listening beyond loopback without a system key (the management API then is open to the network). */
  readonly allowUnauthenticated?: boolean;
  /** Show absolute server paths in stack traces over HTTP (a debugging aid; off by default). */
  readonly exposeServerPaths?: boolean;
  /**
   * Serve the web dashboard at `/dashboard` (default true). Without a system key it is served
   * only while the server listens on loopback; with one, its data and actions need the key.
   */
  readonly dashboard?: boolean;
  /** Folder of the built dashboard (`index.html`, `app.js`, `app.css`); default: the package's `dist/dashboard`. */
  readonly dashboardAssetsDir?: string;
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
}

/** 1 MiB (fastify's default too): far above a sane orchestration input, small enough that one request cannot hog memory. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Base path of the built-in HTTP API, as in Durable Functions 2.x. */
export const DURABLETASK_WEBHOOK_PATH = '/runtime/webhooks/durabletask';

/**
 * Base path of the same API as the extension's local RPC endpoint serves it (`rpcBaseUrl` of the
 * client binding, e.g. `http://127.0.0.1:17071/durabletask/`), which the official JavaScript
 * client (`durable-functions` 3.x) calls when its binding data names one.
 */
export const DURABLETASK_RPC_PATH = '/durabletask';
