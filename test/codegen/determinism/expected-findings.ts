import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `file:line rule` for one expected finding, with the file relative to the project folder. */
export type FindingKey = string;

/**
 * The findings the fixture's sources announce: each `// expect: <rule>[, <rule>]` marks its own
 * line; each `// durable-ignore-next-line` without a reason is a suppression-without-reason on
 * its line.
 */
export function expectedFindings(dir: string): FindingKey[] {
  return sourceFiles(join(dir, 'src')).flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((text, index) => {
        const at = `${relative(dir, path)}:${index + 1}`;
        const marker = /\/\/ expect: (.*)$/.exec(text);
        if (marker !== null) return (marker[1] ?? '').split(',').map((rule) => `${at} ${rule.trim()}`);
        const unreasoned = /\/\/ durable-ignore-next-line [\w/-]+(:\s*)?$/.test(text);
        return unreasoned ? [`${at} determinism/suppression-without-reason`] : [];
      }),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}
