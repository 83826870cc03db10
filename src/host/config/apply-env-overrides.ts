import type { EnvOverrides } from './env-overrides';

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns host.json with the environment's settings laid over `extensions.durableTask` (the
 * environment wins), and `storageProvider.type` defaulted to `'sqlite'` when it is left out.
 * Parts of host.json that are not objects are left for validation to report; `hostJson` itself
 * is never modified.
 */
export function applyEnvOverrides(hostJson: unknown, overrides: EnvOverrides): unknown {
  if (!isPlainObject(hostJson)) return hostJson;
  const extensions = hostJson.extensions ?? {};
  if (!isPlainObject(extensions)) return hostJson;
  const durableTask = extensions.durableTask ?? {};
  if (!isPlainObject(durableTask)) return hostJson;

  const merged: JsonObject = { ...durableTask, ...overrides.settings };
  const hasStorageOverrides = Object.keys(overrides.storageProvider).length > 0;
  const storage = durableTask.storageProvider ?? (hasStorageOverrides ? {} : undefined);
  if (isPlainObject(storage)) {
    merged.storageProvider = { type: 'sqlite', ...storage, ...overrides.storageProvider };
  }
  const changed = Object.keys(overrides.settings).length > 0 || merged.storageProvider !== durableTask.storageProvider;
  if (!changed) return hostJson;
  return { ...hostJson, extensions: { ...extensions, durableTask: merged } };
}
