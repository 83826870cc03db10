import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** How many decorated classes of each kind the synthetic project has. */
export interface CodegenFixtureSize {
  readonly orchestrators: number;
  readonly activityClasses: number;
  /** `@Activity` methods per `@Activities()` class. */
  readonly activitiesPerClass: number;
  readonly entities: number;
  /** Modules of shared payload types that the functions import. */
  readonly typeModules: number;
}

export interface CodegenFixtureProject {
  readonly dir: string;
  readonly tsconfig: string;
  readonly src: string;
  readonly out: string;
  readonly classes: number;
  readonly sourceFiles: number;
  dispose(): void;
}

/**
 * Writes a synthetic project in a temp folder: one decorated class per file (orchestrators,
 * activity classes, entities) whose inputs and results use interfaces from shared type modules,
 * with its own tsconfig in which `durable-ts` is this package (its built declarations when they
 * exist, as an installed package would be seen, else its sources).
 */
export function writeCodegenFixtureProject(size: CodegenFixtureSize): CodegenFixtureProject {
  const root = packageRoot();
  const dir = mkdtempSync(join(tmpdir(), 'durable-bench-codegen-'));
  const src = join(dir, 'src');
  const files = new Map<string, string>();
  const builtTypes = join(root, 'dist', 'src', 'index.d.ts');
  const durableTs = existsSync(builtTypes) ? builtTypes : join(root, 'src', 'index.ts');
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'commonjs',
      moduleResolution: 'node10',
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      typeRoots: [join(root, 'node_modules', '@types')],
      types: ['node'],
      baseUrl: '.',
      paths: { 'durable-ts': [durableTs] },
    },
    include: ['src'],
  };
  files.set('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`);

  const typeModule = (i: number): number => i % size.typeModules;
  for (let t = 0; t < size.typeModules; t++) files.set(`src/types/shared-${t}.ts`, typeModuleSource(t));
  for (let i = 0; i < size.activityClasses; i++) files.set(`src/activities/acts-${i}.activities.ts`, activitiesSource(i, typeModule(i), size.activitiesPerClass));
  for (let i = 0; i < size.orchestrators; i++) {
    files.set(`src/orchestrators/orch-${i}.orchestrator.ts`, orchestratorSource(i, typeModule(i), i % Math.max(1, size.activityClasses)));
  }
  for (let i = 0; i < size.entities; i++) files.set(`src/entities/ent-${i}.entity.ts`, entitySource(i, typeModule(i)));

  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return {
    dir,
    tsconfig: join(dir, 'tsconfig.json'),
    src,
    out: join(dir, 'generated'),
    classes: size.orchestrators + size.activityClasses + size.entities,
    sourceFiles: files.size - 1,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function typeModuleSource(t: number): string {
  return `export type Priority${t} = 'low' | 'normal' | 'high';

export interface Item${t} {
  readonly sku: string;
  readonly quantity: number;
  readonly tags: readonly string[];
}

export interface Request${t} {
  readonly id: string;
  readonly priority: Priority${t};
  readonly items: readonly Item${t}[];
  readonly note?: string;
}

export type Result${t} = { readonly ok: true; readonly total: number } | { readonly ok: false; readonly reason: string };
`;
}

function activitiesSource(i: number, t: number, count: number): string {
  const methods = Array.from({ length: count }, (_, m) => {
    switch (m % 3) {
      case 0:
        return `  @Activity('Act${i}_${m}')
  price${m}(request: Request${t}): number {
    return request.items.reduce((sum, item) => sum + item.quantity, 0);
  }`;
      case 1:
        return `  @Activity('Act${i}_${m}')
  async check${m}(items: Item${t}[]): Promise<Result${t}> {
    return items.length > 0 ? { ok: true, total: items.length } : { ok: false, reason: 'empty' };
  }`;
      default:
        return `  @Activity('Act${i}_${m}')
  label${m}(sku: string): { readonly sku: string; readonly label: string } {
    return { sku, label: sku.toUpperCase() };
  }`;
    }
  });
  return `import { Activities, Activity } from 'durable-ts';
import type { Item${t}, Request${t}, Result${t} } from '../types/shared-${t}';

@Activities()
export class Acts${i} {
${methods.join('\n\n')}
}
`;
}

function orchestratorSource(i: number, t: number, activityClass: number): string {
  return `import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import type { Request${t}, Result${t} } from '../types/shared-${t}';

@Orchestrator('Orch${i}')
export class Orch${i} {
  async run(ctx: OrchestrationContext<Request${t}>): Promise<Result${t}> {
    const request = ctx.getInput();
    const total = await ctx.callActivity<number>('Act${activityClass}_0', request);
    await ctx.callEntity('@ent${i}@' + request.id, 'add', total);
    return { ok: true, total };
  }
}
`;
}

function entitySource(i: number, t: number): string {
  return `import { Entity } from 'durable-ts';
import type { Item${t} } from '../types/shared-${t}';

@Entity('Ent${i}')
export class Ent${i} {
  total = 0;
  items: Item${t}[] = [];
  owner?: string;

  add(amount: number): number {
    this.total += amount;
    return this.total;
  }

  async record(item: Item${t}): Promise<void> {
    this.items.push(item);
  }

  setOwner(owner?: string): void {
    this.owner = owner;
  }

  get(): number {
    return this.total;
  }

  reset(): void {
    this.total = 0;
    this.items = [];
  }
}
`;
}

/** The folder of this package's package.json (the bench runs from dist/bench/ or bench/). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'durable-ts') return dir;
    if (dirname(dir) === dir) throw new Error(`the durable-ts package root was not found above ${__dirname}`);
  }
}
