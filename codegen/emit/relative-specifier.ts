import type { ModuleStyle } from '../model/module-style';

/**
 * The specifier of a project file given relative to the importing folder: `./a`, or with
 * extensions `./a.js` (`.mts` → `.mjs`, `.cts` → `.cjs`, as the compiled files are named).
 */
export function relativeSpecifier(path: string, style: ModuleStyle): string {
  const match = /^(.*?)(?:\.d)?\.(ts|tsx|mts|cts)$/.exec(path);
  const [, base = path, sourceExtension = ''] = match ?? [];
  const extension = !style.relativeExtensions || match === null ? '' : sourceExtension === 'mts' ? '.mjs' : sourceExtension === 'cts' ? '.cjs' : '.js';
  const specifier = `${base}${extension}`;
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}
