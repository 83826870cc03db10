import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../emit/render-template';

const SUFFIX = '.mustache';

/** What the init templates substitute; every value is decided in code. */
export interface ScaffoldView {
  readonly [key: string]: string;
  readonly hubName: string;
}

export interface ScaffoldFile {
  /** Relative to the app folder, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/** Renders every `templates/init/<path>.mustache` into `<path>`, sorted by path. */
export function renderScaffold(templatesDir: string, view: ScaffoldView): ScaffoldFile[] {
  return readdirSync(templatesDir, { recursive: true, encoding: 'utf8' })
    .map((entry) => entry.split('\\').join('/'))
    .filter((entry) => entry.endsWith(SUFFIX) && statSync(join(templatesDir, entry)).isFile())
    .sort()
    .map((entry) => ({ path: entry.slice(0, -SUFFIX.length), content: renderTemplate(readFileSync(join(templatesDir, entry), 'utf8'), view) }));
}
