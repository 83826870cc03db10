import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';
import { Entity } from '../../../src/decorators/entity.decorator';
import { Orchestrator } from '../../../src/decorators/orchestrator.decorator';
import { InvalidFunctionNameError } from '../../../src/model/errors/invalid-function-name-error';
import { InvalidRegistrationError } from '../../../src/model/errors/invalid-registration-error';
import type { Constructor } from '../../../src/registry/function-registration';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';

function buildError(classes: readonly unknown[]): Error {
  try {
    buildFunctionRegistry(classes as Constructor[]);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected buildFunctionRegistry to throw');
}

describe('buildFunctionRegistry start-up errors', () => {
  it('refuses a class without a durable decorator', () => {
    class Plain {}
    const error = buildError([Plain]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('Plain');
    expect(error.message).toContain('has no @Orchestrator, @Activities, @Entity or @HttpTriggers decorator');
  });

  it('refuses @Activity methods on a class without @Activities()', () => {
    class Forgotten {
      @Activity('DoIt')
      doIt(): void {}
    }
    const error = buildError([Forgotten]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('Forgotten.doIt');
    expect(error.message).toContain('add @Activities()');
  });

  it('refuses @Activity methods on an orchestrator class', () => {
    @Orchestrator()
    class Mixed {
      async run(): Promise<void> {}
      @Activity()
      step(): void {}
    }
    const error = buildError([Mixed]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('Mixed.step');
    expect(error.message).toContain('@Activities()');
  });

  it('refuses a class with two kinds of durable decorator', () => {
    @Entity()
    @Orchestrator('Twice')
    class Both {
      async run(): Promise<void> {}
    }
    const error = buildError([Both]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('Both');
  });

  it('refuses @Activity on a property', () => {
    // Not allowed by the MethodDecorator type; plain JavaScript (or a cast) can still do it.
    const onProperty = Activity() as unknown as PropertyDecorator;
    @Activities()
    class WithProperty {
      @onProperty
      value = 1;
    }
    const error = buildError([WithProperty]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('WithProperty.value');
    expect(error.message).toContain('property');
  });

  it('refuses @Activity on a getter', () => {
    @Activities()
    class WithGetter {
      @Activity()
      get computed(): number {
        return 2;
      }
    }
    const error = buildError([WithGetter]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('WithGetter.computed');
    expect(error.message).toContain('getter or setter');
  });

  it('refuses @Activity on a static method', () => {
    @Activities()
    class WithStatic {
      @Activity()
      static helper(): void {}
    }
    const error = buildError([WithStatic]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('WithStatic.helper');
    expect(error.message).toContain('static method');
  });

  it('refuses an @Orchestrator class without a run method', () => {
    @Orchestrator('NoRun')
    class NoRun {
      execute(): void {}
    }
    const error = buildError([NoRun]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('NoRun');
    expect(error.message).toContain('run');
  });

  it('accepts a run method inherited from a base class', () => {
    class Base {
      async run(): Promise<void> {}
    }
    @Orchestrator()
    class Inherits extends Base {}
    expect(buildFunctionRegistry([Inherits]).orchestratorNames()).toEqual(['Inherits']);
  });

  it('refuses an invalid default name, naming where it was declared', () => {
    // A class expression in an array literal gets no name, so the default name is empty.
    const classes = [
      class {
        async run(): Promise<void> {}
      },
    ];
    const anonymous = classes[0] as Constructor;
    Orchestrator()(anonymous);
    expect(anonymous.name).toBe('');
    const error = buildError([anonymous]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('(anonymous class)');
    expect((error as InvalidRegistrationError).cause).toBeInstanceOf(InvalidFunctionNameError);
  });

  it('refuses a non-class in the list', () => {
    const error = buildError([undefined]);
    expect(error).toBeInstanceOf(InvalidRegistrationError);
    expect(error.message).toContain('classes[0]');
  });
});
