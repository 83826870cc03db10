import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Activities, Activity, CompilerOptionsError, createDurableHost, Entity, HttpTrigger, HttpTriggers, inject, isDurableErrorWithCode, Orchestrator } from 'durable-ts';
import { silentLogger } from '../../support/test-host';
import type { Constructor } from '../../../src/registry/function-registration';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';

class Inventory {}

/**
 * A class as `tsc` emits it without `emitDecoratorMetadata`: decorated, constructor parameters,
 * no `design:paramtypes`. Declared here at run time because every class in this file is compiled
 * by swc with metadata on; the decorator is applied by hand, as `__decorate` would.
 */
function withoutMetadata<T extends Function>(cls: T, decorator: ClassDecorator): T {
  decorator(cls);
  Reflect.deleteMetadata('design:paramtypes', cls);
  return cls;
}

function buildError(classes: readonly Function[]): unknown {
  try {
    buildFunctionRegistry(classes as Constructor[]);
  } catch (error) {
    return error;
  }
  throw new Error('expected buildFunctionRegistry to throw');
}

// Only method decorators here: the class decorators are applied by `withoutMetadata`.
class ShipOrder {
  constructor(readonly inventory: Inventory) {}
  async run(): Promise<void> {}
}
class Packing {
  constructor(readonly inventory: Inventory) {}
  @Activity('Pack') pack(): void {}
}
class Stock {
  constructor(readonly inventory: Inventory) {}
  add(): void {}
}
class Api {
  constructor(readonly inventory: Inventory) {}
  @HttpTrigger({ route: 'x' }) get(): void {}
}
class Plain {
  @Activity('Plain') plain(): void {}
}

/** A fresh activities class with two constructor parameters, so each test can add its own tokens. */
function restockClass(): new (inventory: Inventory, limit: number) => object {
  return class Restock {
    constructor(
      readonly inventory: Inventory,
      readonly limit: number,
    ) {}
    restock(): void {}
  };
}

function restockActivities(cls: Function): Function {
  Activity('Restock')(cls.prototype as object, 'restock', Object.getOwnPropertyDescriptor(cls.prototype, 'restock') as PropertyDescriptor);
  return withoutMetadata(cls, Activities());
}

describe('a durable class compiled without emitDecoratorMetadata', () => {
  const orchestrator = withoutMetadata(ShipOrder, Orchestrator('ShipOrder'));

  it.each([
    ['an orchestrator', orchestrator, 'ShipOrder'],
    ['an activities class', withoutMetadata(Packing, Activities()), 'Packing'],
    ['an entity', withoutMetadata(Stock, Entity('Stock')), 'Stock'],
    ['an http-triggers class', withoutMetadata(Api, HttpTriggers()), 'Api'],
  ])('fails the registry for %s, naming the class, its file and the compiler option', (_kind, cls, className) => {
    const error = buildError([cls]);
    expect(error).toBeInstanceOf(CompilerOptionsError);
    expect(isDurableErrorWithCode(error, 'COMPILER_OPTIONS')).toBe(true);
    const e = error as CompilerOptionsError;
    expect(e.missingOption).toBe('emitDecoratorMetadata');
    expect(e.declaredIn).toBe(__filename);
    expect(e.message).toContain(`Class '${className}'`);
    expect(e.message).toContain('compiler-options-errors.test.ts');
    expect(e.message).toContain('"emitDecoratorMetadata": true');
    expect(e.message).toContain('"experimentalDecorators": true');
    expect(e.message).toContain('jsc.transform.decoratorMetadata');
    expect(e.message).toContain('esbuild cannot emit decorator metadata');
  });

  it('fails createDurableHost before any storage is opened', async () => {
    const dbFolder = join(tmpdir(), `durable-ts-never-opened-${process.pid}`);
    const error = await createDurableHost({
      functions: [orchestrator],
      env: {},
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { storageProvider: { path: join(dbFolder, 'db.sqlite') } } } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompilerOptionsError);
    expect((error as Error).message).toContain('emitDecoratorMetadata');
    expect((error as Error).message).toContain('compiler-options-errors.test.ts');
    expect(existsSync(dbFolder)).toBe(false);
  });

  it('accepts a class whose every constructor parameter has an @inject token', () => {
    const cls = restockClass();
    inject(Inventory)(cls, undefined, 0);
    inject('RestockLimit')(cls, undefined, 1);
    expect(buildFunctionRegistry([restockActivities(cls) as Constructor]).activityNames()).toEqual(['Restock']);
  });

  it('still fails when only some constructor parameters have @inject tokens', () => {
    const cls = restockClass();
    inject(Inventory)(cls, undefined, 0);
    const error = buildError([restockActivities(cls)]);
    expect(error).toBeInstanceOf(CompilerOptionsError);
    expect((error as Error).message).toContain('has 2 constructor parameters');
  });

  it('accepts classes without constructor parameters, which need no metadata', () => {
    expect(buildFunctionRegistry([withoutMetadata(Plain, Activities()) as Constructor]).activityNames()).toEqual(['Plain']);
  });
});
