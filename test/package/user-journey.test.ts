import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { waitFor } from '../support/wait-for';
import { createApp, installPackedPackage, listFiles, run, runOk, start } from './support/packaged-app';
import { describeReplayCheck } from './support/replay-check-journey';

/**
 * A user's journey, from outside this repository: `npm pack`, install the tarball into a fresh
 * folder, and build and run an app with it in each module system — codegen, tsc, node, and
 * (once) `durable replay-check` of the hubs it ran on — then `durable init` an empty folder and
 * pass the scaffold's own build and test.
 */
describe('the packed package in a user app', () => {
  let root: string;

  beforeAll(() => {
    root = installPackedPackage();
    // The runtime must not need the codegen's compiler or schema generator: this preload fails any load of them.
    writeFileSync(
      join(root, 'forbid-compiler.cjs'),
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(ts-morph|typescript|ts-json-schema-generator)(\\/|$)/.test(request)) throw new Error('the runtime loaded ' + request);
  return resolve.call(this, request, ...rest);
};
`,
    );
  }, 600_000);
  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('ships the runtime, its types, the codegen, the templates and the bin, and nothing of the repository', () => {
    const files = listFiles(join(root, 'node_modules', 'durable-ts'));
    for (const file of [
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/codegen/index.js',
      'dist/codegen/index.d.ts',
      'dist/codegen/init/run-init.js',
      'dist/dashboard/index.html',
      'dist/dashboard/app.js',
      'dist/dashboard/app.css',
      'templates/codegen/durable-types.ts.mustache',
      'templates/init/src/main.ts.mustache',
      'package.json',
      'README.md',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => /^(src|codegen|samples|test|bench|dashboard)\/|^dist\/(samples|bench|test)\/|tsbuildinfo/.test(file))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', 'durable-ts', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain('ts-morph');
  });

  describe.each([
    { system: 'CommonJS (module commonjs, node10 resolution)', type: 'commonjs', compilerOptions: { module: 'commonjs', moduleResolution: 'node10' } },
    { system: 'CommonJS (module nodenext)', type: 'commonjs', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
    {
      system: 'ESM (module nodenext, verbatimModuleSyntax)',
      type: 'module',
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', verbatimModuleSyntax: true },
      // Once is enough: replay-check loads the compiled ES module with require(), the harder case.
      replayCheck: true,
    },
  ])('$system', ({ type, compilerOptions, replayCheck }) => {
    let app: string;
    const statePath = (): string => join(app, 'state.sqlite');

    beforeAll(() => {
      app = createApp(root, `app-${type}-${String(compilerOptions.module)}`, { type }, compilerOptions);
    });

    it('runs codegen, compiles with tsc, and runs the orchestration and the entity to completion', () => {
      expect(runOk('npx', ['durable', 'codegen'], app).stdout).toContain('wrote src/generated/durable-types.ts');
      runOk('npx', ['tsc', '-p', '.'], app);
      const env = { AzureFunctionsJobHost__extensions__durableTask__storageProvider__path: statePath() };
      const result = runOk('node', ['--require', join(root, 'forbid-compiler.cjs'), 'dist/main.js'], app, env);
      expect(JSON.parse(result.stdout)).toEqual({
        status: 'Completed',
        output: { greetings: ['Hello Ada!', 'Hello Grace!'], left: 8 },
        inventory: { entityExists: true, entityState: { onHand: 8, reservations: ['Ada', 'Grace'] } },
      });
    });

    it('stores the entity data and none of its injected services', () => {
      const db = new Database(statePath(), { readonly: true });
      try {
        const row = db.prepare('SELECT entity_state FROM instances WHERE instance_id = ?').get('@inventory@widgets') as { entity_state: string };
        const stored = (JSON.parse(row.entity_state) as { state: string }).state;
        expect(JSON.parse(stored)).toEqual({ onHand: 8, reservations: ['Ada', 'Grace'] });
        expect(row.entity_state).not.toContain('audit-api-key');
      } finally {
        db.close();
      }
    });

    if (replayCheck === true) describeReplayCheck(() => app, statePath);

    it('codegen --check fails naming the stale file after a decorated signature changes', () => {
      expect(run('npx', ['durable', 'codegen', '--check'], app).code).toBe(0);
      const source = join(app, 'src', 'greetings.activities.ts');
      writeFileSync(source, readFileSync(source, 'utf8').replace('sayHello(name: string): string', 'sayHello(name: string): number'));
      const check = run('npx', ['durable', 'codegen', '--check'], app);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain('codegen --check: src/generated/durable-types.ts is out of date');
      expect(check.stderr).toContain('run `npx durable codegen`');
    });
  });

  const scaffolded = (): string => join(root, 'scaffolded');

  it('durable init scaffolds an empty folder whose own build and test pass', () => {
    const app = scaffolded();
    runOk('mkdir', [app], root);
    const init = runOk('npx', ['durable', 'init'], app);
    expect(init.stdout).toContain('created   src/main.ts');
    expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))).toMatchObject({ type: 'module', dependencies: { 'durable-ts': expect.any(String) } });
    runOk('npm', ['run', 'build'], app);
    const test = runOk('npm', ['test'], app);
    expect(test.stdout).toMatch(/Tests\s+1 passed/);
    expect(run('npx', ['durable', 'init'], app).code).toBe(0); // a second run changes nothing and overwrites nothing
  });

  it('durable dev serves the scaffold and restarts it with a saved change', async () => {
    const port = await freePort();
    const dev = start('npx', ['durable', 'dev'], scaffolded(), { PORT: String(port) });
    const greet = async (): Promise<unknown> => {
      try {
        const started = await fetch(`http://127.0.0.1:${port}/api/orchestrators/Hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["Ada"]' });
        const { statusQueryGetUri } = (await started.json()) as { statusQueryGetUri: string };
        for (let i = 0; i < 100; i++) {
          const status = (await (await fetch(statusQueryGetUri)).json()) as { runtimeStatus: string; output: unknown };
          if (status.runtimeStatus === 'Completed') return status.output;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return undefined;
      } catch {
        return undefined; // not listening yet, or restarting
      }
    };
    try {
      expect(await waitFor(greet, `the app served by durable dev\n${dev.output()}`, 90_000)).toEqual(['Hello Ada!']);
      // The generated schemas reach the host: an input that is not the declared string[] is refused.
      const refused = await fetch(`http://127.0.0.1:${port}/api/orchestrators/Hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"foo":1}' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("the input of orchestrator 'Hello' does not match its declared type at $: expected array");
      const greeter = join(scaffolded(), 'src', 'greeter.ts');
      writeFileSync(greeter, readFileSync(greeter, 'utf8').replace('`Hello ${name}!`', '`Hi ${name}!`'));
      await waitFor(async () => JSON.stringify(await greet()) === '["Hi Ada!"]', `the restarted app\n${dev.output()}`, 90_000);
    } finally {
      dev.stop();
    }
  }, 200_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
