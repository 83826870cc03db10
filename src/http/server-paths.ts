import { homedir } from 'node:os';
import { sep } from 'node:path';

/** Keys whose string values are stack traces in the HTTP views (status failureDetails and history). */
const STACK_KEYS = new Set(['stackTrace', 'StackTrace', 'Details']);
/** An absolute path (POSIX or Windows), optionally as a file URL, in a stack frame line. */
const ABSOLUTE_PATH = /(?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^\s()'"]*/g;
const FRAME_LINE = /^\s+at\s/;

/**
 * A copy of an HTTP view with the server's absolute paths taken out of its stack traces: paths
 * under the working directory become relative to it, other paths in stack frames keep only their
 * file name, and the home directory is hidden wherever it appears. Storage keeps the traces as
 * they were; only what goes over HTTP changes. Other values are returned as they are.
 */
export function redactServerPaths<T>(view: T, cwd: string = process.cwd()): T {
  return redactValue(view, undefined, { cwd: withSep(cwd), home: withSep(homedir()) }) as T;
}

interface Roots {
  readonly cwd: string;
  readonly home: string;
}

function redactValue(value: unknown, key: string | undefined, roots: Roots): unknown {
  if (typeof value === 'string') return key !== undefined && STACK_KEYS.has(key) ? redactStack(value, roots) : value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined, roots));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k, roots)]));
}

/** One stack trace with the server's paths taken out (see redactServerPaths). */
export function redactStack(stack: string, roots: Roots): string {
  return stack
    .split('\n')
    .map((line) => {
      const relative = line.split(`file://${roots.cwd}`).join('').split(roots.cwd).join('');
      const homeless = roots.home.length > 2 ? relative.split(roots.home).join(`~${sep}`) : relative;
      return FRAME_LINE.test(homeless) ? homeless.replace(ABSOLUTE_PATH, (path) => `…${sep}${lastSegment(path)}`) : homeless;
    })
    .join('\n');
}

function lastSegment(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : `${dir}${sep}`;
}
