import { z } from 'zod';
import { durableTaskSchema, storageProviderSchema } from './host-json-schema';

/** Prefix of the environment variables that override `extensions.durableTask` (Azure Functions form). */
export const DURABLE_TASK_ENV_PREFIX = 'AzureFunctionsJobHost__extensions__durableTask__';

const PREFIX_SEGMENTS = DURABLE_TASK_ENV_PREFIX.split('__').filter(Boolean).map((s) => s.toLowerCase());

/** Settings taken from the environment, with where each came from. */
export interface EnvOverrides {
  /** Top-level `durableTask` settings, canonical spelling, values coerced. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Fields of `durableTask.storageProvider`. */
  readonly storageProvider: Readonly<Record<string, unknown>>;
  /** `'hubName'` or `'storageProvider.path'` → the variable that set it. */
  readonly origins: ReadonlyMap<string, string>;
  /** Variables that could not be used, each named with the reason. */
  readonly problems: readonly string[];
}

/**
 * Reads `AzureFunctionsJobHost__extensions__durableTask__<setting>` and
 * `…__storageProvider__<field>` variables. Names are matched ignoring case, as Azure does; values
 * are coerced to the setting's type (numbers; `true`/`false`). Values are validated later, with
 * the rest of the configuration; unknown names are reported here.
 */
export function readEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const result: MutableOverrides = { settings: {}, storageProvider: {}, origins: new Map(), problems: [] };
  for (const variable of Object.keys(env).sort()) {
    const value = env[variable];
    const segments = variable.split('__');
    const isOurs = PREFIX_SEGMENTS.every((s, i) => segments[i]?.toLowerCase() === s);
    if (value !== undefined && isOurs) readVariable(variable, segments.slice(PREFIX_SEGMENTS.length), value, result);
  }
  return result;
}

interface MutableOverrides {
  readonly settings: Record<string, unknown>;
  readonly storageProvider: Record<string, unknown>;
  readonly origins: Map<string, string>;
  readonly problems: string[];
}

function readVariable(variable: string, path: readonly string[], value: string, into: MutableOverrides): void {
  const settingSchemas: Record<string, z.ZodType> = durableTaskSchema.shape;
  const fieldSchemas = storageFieldSchemas();
  const [settingPart = '', fieldPart, ...deeper] = path;
  const setting = canonicalKey(settingPart, Object.keys(settingSchemas));
  const fail = (reason: string): void => void into.problems.push(`${variable} (environment variable): ${reason}`);
  const record = (target: Record<string, unknown>, key: string, origin: string, schema: z.ZodType | undefined): void => {
    const previous = into.origins.get(origin);
    if (previous !== undefined) return fail(`sets ${origin}, as ${previous} does; remove one of them`);
    target[key] = coerce(value, schema);
    into.origins.set(origin, variable);
  };

  if (setting === undefined) {
    fail(`unknown setting ${JSON.stringify(settingPart)}; accepted settings: ${Object.keys(settingSchemas).join(', ')}`);
  } else if (setting === 'storageProvider') {
    const field = canonicalKey(fieldPart ?? '', Object.keys(fieldSchemas));
    const accepted = `accepted fields: ${Object.keys(fieldSchemas).join(', ')}`;
    if (fieldPart === undefined) fail(`storageProvider is an object; set its fields with ${variable}__<field> (${accepted})`);
    else if (field === undefined || deeper.length > 0) fail(`unknown storageProvider field ${JSON.stringify(path.slice(1).join('__'))}; ${accepted}`);
    else record(into.storageProvider, field, `storageProvider.${field}`, fieldSchemas[field]);
  } else if (fieldPart !== undefined) {
    fail(`${setting} has no nested settings; use ${DURABLE_TASK_ENV_PREFIX}${setting}`);
  } else {
    record(into.settings, setting, setting, settingSchemas[setting]);
  }
}

/** Every field of every storage provider, with its schema. */
function storageFieldSchemas(): Record<string, z.ZodType> {
  const fields: Record<string, z.ZodType> = {};
  for (const option of storageProviderSchema.options) Object.assign(fields, option.shape);
  return fields;
}

function canonicalKey(name: string, keys: readonly string[]): string | undefined {
  return keys.find((key) => key.toLowerCase() === name.toLowerCase());
}

/** Converts an environment string to the type the schema expects; leaves it as is if it cannot. */
function coerce(value: string, schema: z.ZodType | undefined): unknown {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const text = value.trim();
  if (inner instanceof z.ZodNumber && /^[+-]?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (inner instanceof z.ZodBoolean && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return value;
}
