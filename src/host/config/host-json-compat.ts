import { ConfigurationError } from '../../model/errors/configuration-error';
import { formatJsonPath } from './config-problems';
import type { IgnoredKeyLevel } from './ignored-host-json-keys';

type JsonObject = Record<string, unknown>;

/** The keys durable-ts reads at one level of host.json, and the levels below it. */
export interface HostJsonLevel {
  readonly keys: readonly string[];
  readonly ignored: IgnoredKeyLevel;
  readonly children?: Readonly<Record<string, HostJsonLevel>>;
}

/** host.json made ready for validation, and the documented keys that were dropped on the way. */
export interface CompatibleHostJson {
  readonly value: unknown;
  /** JSON paths of keys Durable Functions documents that mean nothing here, e.g. `extensions.durableTask.tracing`. */
  readonly ignored: readonly string[];
}

const SETTING_REFERENCE = /^%([^%]+)%$/;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a Durable Functions host.json the way the Functions host does: keys match
 * case-insensitively (`HubName` is `hubName`), documented keys that have no meaning here are
 * dropped and reported, and `%SettingName%` as `hubName` is taken from the environment. Keys that
 * are neither ours nor documented stay, so validation reports them with the accepted spellings.
 * `hostJson` itself is never modified.
 * @throws ConfigurationError when `hubName` refers to a setting the environment does not have.
 */
export function makeHostJsonCompatible(hostJson: unknown, root: HostJsonLevel, env: Readonly<Record<string, string | undefined>>): CompatibleHostJson {
  const ignored: string[] = [];
  const value = normalizeLevel(hostJson, root, [], ignored);
  return { value: resolveHubNameSetting(value, env), ignored };
}

function normalizeLevel(value: unknown, level: HostJsonLevel, path: readonly string[], ignored: string[]): unknown {
  if (!isPlainObject(value)) return value;
  const byLowerCase = new Map(level.keys.map((key) => [key.toLowerCase(), key]));
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const lower = key.toLowerCase();
    const canonical = byLowerCase.get(lower);
    if (canonical !== undefined) {
      const childLevel = level.children?.[canonical];
      out[canonical] = childLevel === undefined ? child : normalizeLevel(child, childLevel, [...path, canonical], ignored);
    } else if (level.ignored.has(lower)) {
      ignored.push(formatJsonPath([...path, key]));
    } else {
      out[key] = child;
    }
  }
  return out;
}

/** `"hubName": "%MyTaskHub%"` names an app setting (an environment variable), as in Durable Functions. */
function resolveHubNameSetting(hostJson: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (!isPlainObject(hostJson) || !isPlainObject(hostJson.extensions)) return hostJson;
  const durableTask = hostJson.extensions.durableTask;
  if (!isPlainObject(durableTask) || typeof durableTask.hubName !== 'string') return hostJson;
  const reference = SETTING_REFERENCE.exec(durableTask.hubName);
  if (reference === null) return hostJson;
  const setting = reference[1] as string;
  const resolved = env[setting];
  if (resolved === undefined || resolved.trim() === '') {
    const problem = `extensions.durableTask.hubName: refers to the setting ${setting} (as "%${setting}%"), which is not set in the environment; set it or write the hub name itself`;
    throw new ConfigurationError(`The host configuration is invalid, 1 problem:\n  - ${problem}`, [problem]);
  }
  return { ...hostJson, extensions: { ...hostJson.extensions, durableTask: { ...durableTask, hubName: resolved } } };
}
