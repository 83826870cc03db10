import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layer imports point one way (DESIGN.md §2): the replay engine takes history in and gives actions
 * out without I/O, storage never knows about workers, and only the host wires everything.
 */
const SRC = resolve(__dirname, '../../../src');

/** For each layer: the layers it may import, and whether Node built-ins / packages are allowed. */
const RULES: Record<string, { layers: string[]; external: boolean }> = {
  model: { layers: ['model'], external: false },
  orchestration: { layers: ['model', 'orchestration'], external: false },
  storage: { layers: ['model', 'storage'], external: true },
  decorators: { layers: ['model', 'entities', 'decorators'], external: true },
  registry: { layers: ['model', 'decorators', 'registry'], external: false },
  entities: { layers: ['model', 'entities'], external: false },
  worker: { layers: ['model', 'orchestration', 'entities', 'storage', 'worker'], external: true },
  client: { layers: ['model', 'entities', 'storage', 'client'], external: true },
  http: { layers: ['model', 'decorators', 'client', 'http'], external: true },
  testing: { layers: ['model', 'orchestration', 'testing'], external: false },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0] ?? '';
}

describe('layer imports', () => {
  const files = sourceFiles(SRC);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const [layer, rule] of Object.entries(RULES)) {
    it(`${layer}/ imports only ${rule.layers.join(', ')}${rule.external ? ' and packages' : ''}`, () => {
      const violations: string[] = [];
      for (const file of files.filter((f) => layerOf(f) === layer)) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.')) {
            const target = layerOf(resolve(dirname(file), spec));
            if (!rule.layers.includes(target)) violations.push(`${relative(SRC, file)} imports ${spec} (${target}/)`);
          } else if (!rule.external) {
            violations.push(`${relative(SRC, file)} imports the package ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('keeps Node built-ins and globals with side effects out of the replay engine', () => {
    for (const file of files.filter((f) => layerOf(f) === 'orchestration')) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code, relative(SRC, file)).not.toMatch(/\b(Date\.now|Math\.random|process\.|require\()/);
    }
  });
});
