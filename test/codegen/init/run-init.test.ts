import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeInitFolder, type InitFolder } from './init-folder';

const REPO = join(__dirname, '../../..');
const ownPackage = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const SOURCES = ['src/counter.entity.ts', 'src/greeter.ts', 'src/greetings.activities.ts', 'src/hello.orchestrator.ts', 'src/http-start.triggers.ts', 'src/main.ts'];
const ALL_FILES = ['package.json', 'tsconfig.json', 'host.json', '.gitignore', 'vitest.config.mts', 'test/hello.test.ts', ...SOURCES];

describe('durable init', () => {
  let app: InitFolder;
  beforeEach(() => {
    app = makeInitFolder('My App');
  });
  afterEach(() => app.dispose());

  it('scaffolds an ESM app in an empty folder', () => {
    const result = app.run();
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    for (const path of ALL_FILES) expect(result.out).toContain(`  created   ${path}`);
    expect(result.out.slice(-5)).toEqual(['Next steps:', '  npm install', '  npm run build', '  npm start', '  npm test']);

    expect(app.json('package.json')).toEqual({
      name: 'my-app',
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: { build: 'durable codegen && tsc', start: 'node dist/main.js', dev: 'durable dev', test: 'durable codegen && vitest run', codegen: 'durable codegen' },
      dependencies: { 'durable-ts': `^${ownPackage.version}` },
      devDependencies: {
        '@swc/core': ownPackage.devDependencies['@swc/core'],
        '@types/node': ownPackage.devDependencies['@types/node'],
        'ts-json-schema-generator': ownPackage.devDependencies['ts-json-schema-generator'],
        'ts-morph': ownPackage.devDependencies['ts-morph'] ?? ownPackage.dependencies['ts-morph'],
        typescript: ownPackage.devDependencies.typescript,
        'unplugin-swc': ownPackage.devDependencies['unplugin-swc'],
        vitest: ownPackage.devDependencies.vitest,
      },
    });
    expect(app.read('package.json').endsWith('}\n')).toBe(true);
    expect(app.json('host.json')).toEqual({ version: '2.0', extensions: { durableTask: { hubName: 'MyApp' } } });
    const tsconfig = app.json('tsconfig.json') as { compilerOptions: Record<string, unknown>; include: string[] };
    expect(tsconfig.compilerOptions).toMatchObject({ module: 'nodenext', moduleResolution: 'nodenext', experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: false, outDir: 'dist', rootDir: 'src' });
    expect(tsconfig.include).toEqual(['src']);
    expect(app.read('.gitignore')).toBe('node_modules/\ndist/\n.durable/\n');
  });

  it('writes relative imports with .js, so CommonJS and ESM share the sources', () => {
    app.run();
    for (const path of [...SOURCES, 'test/hello.test.ts']) {
      for (const [, specifier] of app.read(path).matchAll(/from '(\.[^']*)'/g)) expect(specifier, path).toMatch(/\.js$/);
    }
    expect(app.read('src/main.ts')).toContain("from './generated/durable-functions.js'");
    expect(app.read('src/main.ts')).not.toMatch(/^await /m);
  });

  it('--cjs makes a CommonJS package with the same sources', () => {
    const esm = makeInitFolder('My App');
    try {
      esm.run('--esm');
      expect(app.run('--cjs').out[0]).toBe('durable init: a CommonJS app');
      expect(app.json('package.json').type).toBe('commonjs');
      for (const path of ALL_FILES.filter((p) => p !== 'package.json')) expect(app.read(path), path).toBe(esm.read(path));
    } finally {
      esm.dispose();
    }
  });

  it('merges into an existing CommonJS package.json, keeping its fields, scripts, dependencies and key order', () => {
    const existing = {
      name: 'existing-app',
      description: 'mine',
      type: 'commonjs',
      scripts: { test: 'jest', lint: 'eslint .' },
      dependencies: { express: '^4.0.0' },
      devDependencies: { typescript: '^5.4.0' },
      license: 'MIT',
    };
    app.write('package.json', `${JSON.stringify(existing, null, 2)}\n`);
    const result = app.run();
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe('durable init: a CommonJS app');
    expect(result.out).toContain('  updated   package.json');
    expect(result.out).toContain('  kept script "test": "jest" (--force replaces it with "durable codegen && vitest run")');
    const merged = app.json('package.json') as typeof existing & { devDependencies: Record<string, string> };
    expect(Object.keys(merged)).toEqual(['name', 'description', 'type', 'scripts', 'dependencies', 'devDependencies', 'license']);
    expect(merged.type).toBe('commonjs');
    expect(merged.scripts).toEqual({ test: 'jest', lint: 'eslint .', build: 'durable codegen && tsc', start: 'node dist/main.js', dev: 'durable dev', codegen: 'durable codegen' });
    expect(merged.dependencies).toEqual({ express: '^4.0.0', 'durable-ts': `^${ownPackage.version}` });
    expect(merged.devDependencies.typescript).toBe('^5.4.0');
    expect(Object.keys(merged.devDependencies)).toEqual(['typescript', '@swc/core', '@types/node', 'ts-json-schema-generator', 'ts-morph', 'unplugin-swc', 'vitest']);
  });

  it('treats a package.json without "type" as CommonJS (Node does) and says so', () => {
    app.write('package.json', '{ "name": "x" }\n');
    expect(app.run().code).toBe(0);
    expect(app.json('package.json')).toMatchObject({ name: 'x', type: 'commonjs' });
  });

  it('refuses a flag that contradicts package.json\'s "type" unless --force', () => {
    const text = '{\n  "name": "x",\n  "type": "commonjs"\n}\n';
    app.write('package.json', text);
    const refused = app.run('--esm');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain('"type": "commonjs", which contradicts --esm');
    expect(app.read('package.json')).toBe(text);
    expect(app.exists('src/main.ts')).toBe(false);

    expect(app.run('--esm', '--force').code).toBe(0);
    expect(app.json('package.json').type).toBe('module');
  });

  it('writes nothing and names the conflicts when a file differs', () => {
    app.write('src/main.ts', 'console.log("mine");\n');
    app.write('host.json', '{}\n');
    const result = app.run();
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toContain('  host.json');
    expect(result.err).toContain('  src/main.ts');
    expect(result.err.join('\n')).toContain('--force');
    for (const path of ALL_FILES.filter((p) => p !== 'src/main.ts' && p !== 'host.json')) expect(app.exists(path), path).toBe(false);
    expect(app.read('src/main.ts')).toBe('console.log("mine");\n');
  });

  it('--force overwrites differing files and replaces scripts of the same name', () => {
    app.write('src/main.ts', 'console.log("mine");\n');
    app.write('package.json', '{\n  "name": "x",\n  "scripts": {\n    "test": "jest"\n  }\n}\n');
    const result = app.run('--force');
    expect(result.code).toBe(0);
    expect(result.out).toContain('  overwrote src/main.ts');
    expect(result.out).toContain('  replaced script "test" with "durable codegen && vitest run"');
    expect(app.read('src/main.ts')).toContain('createDurableHost');
    expect((app.json('package.json').scripts as Record<string, string>).test).toBe('durable codegen && vitest run');
  });

  it('appends the missing lines to an existing .gitignore', () => {
    app.write('.gitignore', '/node_modules\n*.log');
    app.run();
    expect(app.read('.gitignore')).toBe('/node_modules\n*.log\ndist/\n.durable/\n');
  });

  it('reports every file unchanged on a second run', () => {
    expect(app.run().code).toBe(0);
    const second = app.run();
    expect(second.code).toBe(0);
    for (const path of ALL_FILES) expect(second.out).toContain(`  unchanged ${path}`);
  });

  it('keeps an existing package.json\'s text when it gains nothing', () => {
    app.run();
    const compact = JSON.stringify(app.json('package.json'));
    app.write('package.json', compact);
    expect(app.run().out).toContain('  unchanged package.json');
    expect(app.read('package.json')).toBe(compact);
  });

  it('refuses a package.json that is not valid JSON', () => {
    app.write('package.json', '{ nope');
    const result = app.run();
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/package\.json is not valid JSON/);
    expect(app.exists('tsconfig.json')).toBe(false);
  });

  it('answers usage errors with exit code 2 and --help with 0', () => {
    const both = app.run('--esm', '--cjs');
    expect(both.code).toBe(2);
    expect(both.err[0]).toContain('--esm and --cjs exclude each other');
    expect(app.run('--frobnicate').code).toBe(2);
    const help = app.run('--help');
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: durable init/);
    expect(app.exists('package.json')).toBe(false);
  });
});
