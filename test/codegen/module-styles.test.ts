import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { generate } from '../../codegen/generate';
import { readModuleStyle } from '../../codegen/scan/read-module-style';
import { copyFixture } from './support/fixture-project';
import { MODULE_SETTINGS } from './support/module-styles';

/** Every import specifier of a generated file. */
function specifiers(content: string): string[] {
  return [...content.matchAll(/^import (?:type )?\{[^}]*\} from '([^']+)';$/gm)].map((m) => m[1] as string);
}

/** Generated relative imports follow the project's module settings: `.js` where node16/nodenext resolution needs it. */
describe.each(MODULE_SETTINGS)('generated imports with $name', (setting) => {
  it(setting.extensions ? 'write relative imports with .js' : 'write relative imports without an extension', () => {
    const fixture = copyFixture('basic', setting);
    try {
      const result = generate({ project: fixture.tsconfig, include: [fixture.src], out: fixture.out });
      expect(result.diagnostics).toEqual([]);
      const all = result.files.flatMap((file) => specifiers(file.content));
      const relative = all.filter((s) => s.startsWith('.'));
      expect(relative.length).toBeGreaterThan(5);
      for (const specifier of relative) expect(specifier.endsWith('.js'), specifier).toBe(setting.extensions);
      expect([...new Set(all.filter((s) => !s.startsWith('.')))]).toEqual(['durable-ts']);
      // Types are imported as types, which verbatimModuleSyntax requires and every setting accepts.
      for (const name of ['durable-types.ts', 'durable-schemas.ts']) {
        expect(result.files.find((file) => file.path.endsWith(name))?.content, name).not.toMatch(/^import \{/m);
      }
    } finally {
      fixture.dispose();
    }
  });
});

describe('readModuleStyle', () => {
  it('takes the resolution that a node16…nodenext module kind implies when moduleResolution is not set', () => {
    expect(readModuleStyle({ module: ts.ModuleKind.Node16 })).toEqual({ relativeExtensions: true });
    expect(readModuleStyle({ module: ts.ModuleKind.NodeNext })).toEqual({ relativeExtensions: true });
    expect(readModuleStyle({ module: ts.ModuleKind.CommonJS })).toEqual({ relativeExtensions: false });
    expect(readModuleStyle({})).toEqual({ relativeExtensions: false });
  });
});
