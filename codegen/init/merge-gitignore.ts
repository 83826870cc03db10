/**
 * The existing .gitignore with the scaffold's lines it lacks appended; the user's lines and their
 * order are kept. `dist`, `/dist` and `dist/` count as the same line.
 */
export function mergeGitignore(existing: string | undefined, scaffold: string): string {
  if (existing === undefined) return scaffold;
  const present = new Set(existing.split(/\r?\n/).map(normalize));
  const missing = scaffold.split('\n').filter((line) => line.trim() !== '' && !present.has(normalize(line)));
  if (missing.length === 0) return existing;
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return `${existing}${separator}${missing.join('\n')}\n`;
}

function normalize(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/$/, '');
}
