import { describe, expect, it } from 'vitest';
import { Activities, Activity, CompilerOptionsError, Entity, HttpTrigger, HttpTriggers, Orchestrator } from 'durable-ts';

/** Call a decorator the way TypeScript 5 does without `experimentalDecorators`: `(value, context)`. */
function callAsStandard(decorator: unknown, value: unknown, context: object): unknown {
  try {
    (decorator as (value: unknown, context: object) => void)(value, context);
  } catch (error) {
    return error;
  }
  throw new Error('expected the decorator to throw');
}

const classContext = { kind: 'class', name: 'A', addInitializer(): void {} };
const methodContext = { kind: 'method', name: 'y', static: false, private: false, addInitializer(): void {} };

describe('durable-ts decorators called as standard (TC39) decorators', () => {
  it.each([
    ['@Orchestrator', Orchestrator('X')],
    ['@Activities', Activities()],
    ['@Entity', Entity()],
    ['@HttpTriggers', HttpTriggers()],
  ])('%s throws naming experimentalDecorators, the class and its file', (name, decorator) => {
    const error = callAsStandard(decorator, class {}, classContext);
    expect(error).toBeInstanceOf(CompilerOptionsError);
    const e = error as CompilerOptionsError;
    expect(e.code).toBe('COMPILER_OPTIONS');
    expect(e.missingOption).toBe('experimentalDecorators');
    expect(e.message).toContain(`${name} on class 'A'`);
    expect(e.message).toContain('"experimentalDecorators": true');
    expect(e.message).toContain('"emitDecoratorMetadata": true');
    expect(e.message).toContain('standard-decorators.test.ts');
  });

  it.each([
    ['@Activity', Activity('y')],
    ['@HttpTrigger', HttpTrigger({ route: 'y' })],
  ])('%s throws naming experimentalDecorators and the method', (name, decorator) => {
    const error = callAsStandard(decorator, function y(): void {}, methodContext);
    expect(error).toBeInstanceOf(CompilerOptionsError);
    expect((error as Error).message).toContain(`${name} on method 'y'`);
    expect((error as Error).message).toContain('experimentalDecorators');
  });

  it('leaves legacy calls alone', () => {
    class Legacy {
      pack(): void {}
    }
    expect(() => Activity('Pack')(Legacy.prototype, 'pack', Object.getOwnPropertyDescriptor(Legacy.prototype, 'pack') as PropertyDescriptor)).not.toThrow();
    expect(() => Activities()(Legacy)).not.toThrow();
  });
});
