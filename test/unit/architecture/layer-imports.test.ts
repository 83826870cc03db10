import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImportCycles, importGraph, importsOf } from './import-cycles';

/**
 * Layer imports point one way (DESIGN.md §2): the replay engine takes history in and gives actions
 * out without I/O, storage never knows about workers, and only the host wires everything.
 */
const SRC = resolve(__dirname, '../../../src');
const CODEGEN = resolve(__dirname, '../../../codegen');

/** For each layer: the layers it may import, and whether Node built-ins / packages are allowed. */
const RULES: Record<string, { layers: string[]; external: boolean }> = {
  model: { layers: ['model'], external: false },
  orchestration: { layers: ['model', 'orchestration'], external: false },
  storage: { layers: ['model', 'storage'], external: true },
  decorators: { layers: ['model', 'entities', 'decorators'], external: true },
  registry: { layers: ['model', 'decorators', 'registry'], external: false },
  entities: { layers: ['model', 'entities'], external: false },
  telemetry: { layers: ['model', 'telemetry'], external: true },
  worker: { layers: ['model', 'orchestration', 'entities', 'storage', 'telemetry', 'worker'], external: true },
  client: { layers: ['model', 'entities', 'storage', 'telemetry', 'client'], external: true },
  http: { layers: ['model', 'decorators', 'client', 'http'], external: true },
  testing: { layers: ['model', 'orchestration', 'testing'], external: false },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
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
      let code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      // One exception, in one file: process.nextTick is how the executor knows the microtask queue
      // is empty, which makes detecting a non-durable await exact. It schedules; it does no I/O.
      if (relative(SRC, file) === join('orchestration', 'drain-microtasks.ts')) code = code.replace('process.nextTick(', '');
      expect(code, relative(SRC, file)).not.toMatch(/\b(Date\.now|Math\.random|process\.|require\()/);
    }
  });

  it('has no import cycles in src/ or codegen/ (type-only imports included)', () => {
    const graph = importGraph([...files, ...sourceFiles(CODEGEN)]);
    expect(findImportCycles(graph).map((cycle) => cycle.map((f) => relative(resolve(SRC, '..'), f)))).toEqual([]);
  });

  it('the cycle check finds a cycle, type-only or through an index file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { C } from './c';\nexport const b = 1 as unknown as C;\n");
      writeFileSync(join(dir, 'c.ts'), "export type { A } from './lib';\nexport type C = number;\n");
      writeFileSync(join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      const lib = join(dir, 'lib');
      mkdirSync(lib);
      writeFileSync(join(lib, 'index.ts'), "import { a } from '../a';\nexport type A = typeof a;\n");
      const cycles = findImportCycles(importGraph(sourceFiles(dir)));
      expect(cycles.map((cycle) => cycle.map((f) => relative(dir, f)))).toEqual([['a.ts', 'b.ts', 'c.ts', join('lib', 'index.ts')]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
