import type { AuthLevel } from '../decorators/http-trigger-metadata';
import type { CallerKeys } from './caller-keys';
import { HttpProblem } from './http-problem';

/** Which keys the server has: a level needs a key only when one that satisfies it is configured. */
export interface ConfiguredKeys {
  readonly systemKey: boolean;
  readonly functionKeys: boolean;
}

/**
 * Checks a caller against an app trigger's auth level: `anonymous` lets anyone in; `function`
 * needs a function key or the system key when any key is configured; `admin` needs the system
 * key when one is configured (and otherwise what `function` needs). A caller without what is
 * needed gets 401, the same answer for a missing or a wrong key.
 * @throws HttpProblem UNAUTHORIZED (401)
 */
export function assertAuthLevel(level: AuthLevel, caller: CallerKeys, configured: ConfiguredKeys): void {
  if (level === 'anonymous' || caller.systemKey) return;
  const needsSystemKey = level === 'admin' && configured.systemKey;
  const needsAnyKey = configured.systemKey || configured.functionKeys;
  if (needsSystemKey) throw new HttpProblem(401, 'UNAUTHORIZED', 'This function requires the system key in the code query parameter or the x-functions-key header.');
  if (needsAnyKey && caller.functionKey === undefined) {
    throw new HttpProblem(401, 'UNAUTHORIZED', 'This function requires a function key in the code query parameter or the x-functions-key header.');
  }
}
