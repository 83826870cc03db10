import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as durable from 'durable-ts';
import { silentLogger } from '../support/test-host';

/** An app file as a user writes it: an activities class with an injected constructor parameter. */
const APP_SOURCE = `
import { Activities, Activity } from 'durable-ts';

export class Inventory {
  count(): number { return 7; }
}

@Activities()
export class InventoryActivities {
  constructor(private readonly inventory: Inventory) {}

  @Activity('CountStock')
  countStock(): number { return this.inventory.count(); }
}
`;

/**
 * Compiles the app file with the real TypeScript compiler and the given decorator options, then
 * runs the CommonJS output the way Node's loader does (a module wrapper run under the file's
 * name, so stack traces name it), with `durable-ts` mapped to this repository's sources.
 */
function compileAndLoad(options: { experimentalDecorators: boolean; emitDecoratorMetadata: boolean }, file: string): Record<string, unknown> {
  const { outputText } = ts.transpileModule(APP_SOURCE, {
    compilerOptions: { ...options, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, useDefineForClassFields: false },
    fileName: file.replace(/\.js$/, '.ts'),
  });
  const wrapper = runInThisContext(`(function (exports, require, module) {${outputText}\n})`, { filename: file }) as (
    exports: object,
    require: (id: string) => unknown,
    module: { exports: object },
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  const requireMapped = (id: string): unknown => {
    if (id === 'durable-ts') return durable;
    throw new Error(`unexpected require of ${id}`);
  };
  wrapper(module.exports, requireMapped, module);
  return module.exports;
}

describe('an app compiled by tsc with the wrong decorator options', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-compiler-options-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function hostOptions(functions: readonly unknown[]): durable.DurableHostOptions {
    return {
      functions: functions as durable.DurableHostOptions['functions'],
      env: {},
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { storageProvider: { path: join(dir, 'db.sqlite') } } } },
    };
  }

  it('without emitDecoratorMetadata: start-up fails naming the flag, the class and the file', async () => {
    const file = join(dir, 'inventory-activities.js');
    const app = compileAndLoad({ experimentalDecorators: true, emitDecoratorMetadata: false }, file);
    const error = await durable.createDurableHost(hostOptions([app.InventoryActivities])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(durable.CompilerOptionsError);
    const message = (error as Error).message;
    expect(message).toContain("Class 'InventoryActivities'");
    expect(message).toContain(`declared in ${file}`);
    expect(message).toContain('"emitDecoratorMetadata": true');
    expect(message).not.toContain('TypeInfo not known');
  });

  it('with both options: the same app starts (the control)', async () => {
    const app = compileAndLoad({ experimentalDecorators: true, emitDecoratorMetadata: true }, join(dir, 'inventory-activities.js'));
    const host = await durable.createDurableHost(hostOptions([app.InventoryActivities]));
    try {
      expect(host.registry.activityNames()).toEqual(['CountStock']);
    } finally {
      await host.stop();
    }
  });

  it('without experimentalDecorators (standard decorators): loading the file fails naming the flag and the file', () => {
    const file = join(dir, 'inventory-activities.js');
    let error: unknown;
    try {
      compileAndLoad({ experimentalDecorators: false, emitDecoratorMetadata: false }, file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(durable.CompilerOptionsError);
    const message = (error as Error).message;
    expect(message).toMatch(/^@(Activities|Activity) on /);
    expect(message).toContain(`declared in ${file}`);
    expect(message).toContain('"experimentalDecorators": true');
  });
});
