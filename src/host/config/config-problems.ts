import type { z } from 'zod';
import { ACCEPTED_KEYS_PREFIX, closestKey } from './strict-object';

/** A JSON path inside host.json, e.g. `['extensions', 'durableTask', 'hubName']`. */
export type JsonPath = readonly PropertyKey[];

/** Names the place a problem is at: a host.json path, or the environment variable that set it. */
export type ProblemLocator = (path: JsonPath) => string;

/** Writes a JSON path as `extensions.durableTask.hubName` (`(root)` for the document itself). */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/**
 * Turns zod issues into one readable sentence per problem, each starting with where it is;
 * an unknown-keys issue becomes one problem per key. Expects issues parsed with `reportInput`.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], locate: ProblemLocator): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(`${locate([...issue.path, key])}: unknown key; ${didYouMean(key, issue.message)}${issue.message}`);
      continue;
    }
    problems.push(`${locate(issue.path)}: ${issue.message}${receivedText(issue)}`);
  }
  return problems;
}

/** "did you mean 'hubName'? " when the message lists an accepted key close to `key`. */
function didYouMean(key: string, message: string): string {
  if (!message.startsWith(ACCEPTED_KEYS_PREFIX)) return '';
  const suggestion = closestKey(key, message.slice(ACCEPTED_KEYS_PREFIX.length).split(', '));
  return suggestion === undefined ? '' : `did you mean '${suggestion}'? `;
}

function receivedText(issue: z.core.$ZodIssue): string {
  let input: unknown = 'input' in issue ? issue.input : undefined;
  // A union's issue is placed at its discriminator but carries the whole object: show the discriminator.
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'invalid_union' && typeof input === 'object' && input !== null && last !== undefined) {
    input = (input as Record<PropertyKey, unknown>)[last];
  }
  if (input === undefined) return issue.code === 'invalid_type' || issue.code === 'invalid_union' ? ' (it is missing)' : '';
  if (typeof input === 'object' && input !== null) return Array.isArray(input) ? ' (got an array)' : ' (got an object)';
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return ` (got ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}
