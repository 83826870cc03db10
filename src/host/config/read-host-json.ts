import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError } from '../../model/errors/configuration-error';

/** The raw host.json content and the file it came from (undefined when given as an object or absent). */
export interface RawHostJson {
  readonly value: unknown;
  readonly file: string | undefined;
}

/**
 * Finds host.json: the object given, else the file at `hostJsonPath` (which must exist), else
 * `<cwd>/host.json` when it exists, else an empty document.
 * @throws ConfigurationError naming the file when it cannot be read or is not valid JSON.
 */
export function readHostJson(options: { hostJson?: unknown; hostJsonPath?: string; cwd: string }): RawHostJson {
  if (options.hostJson !== undefined) return { value: options.hostJson, file: undefined };
  if (options.hostJsonPath !== undefined) {
    const file = resolve(options.cwd, options.hostJsonPath);
    return { value: parseHostJsonFile(file), file };
  }
  const file = resolve(options.cwd, 'host.json');
  return existsSync(file) ? { value: parseHostJsonFile(file), file } : { value: {}, file: undefined };
}

function parseHostJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`Cannot read host.json file ${file}: ${reason}`, [`${file}: cannot be read (${reason})`]);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`host.json file ${file} is not valid JSON: ${reason}`, [`${file}: not valid JSON (${reason})`]);
  }
}
