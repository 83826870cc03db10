import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';
import { Entity } from '../../../src/decorators/entity.decorator';
import { Orchestrator } from '../../../src/decorators/orchestrator.decorator';
import {
  isActivitiesClass,
  readActivityMethods,
  readEntityMetadata,
  readOrchestratorMetadata,
} from '../../../src/decorators/read-metadata';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import { InvalidFunctionNameError } from '../../../src/model/errors/invalid-function-name-error';

describe('decorators record metadata', () => {
  it('@Orchestrator records the given name or the class name', () => {
    @Orchestrator('E1_HelloSequence')
    class HelloSequence {
      async run(): Promise<void> {}
    }
    @Orchestrator()
    class Unnamed {
      async run(): Promise<void> {}
    }
    expect(readOrchestratorMetadata(HelloSequence)).toEqual({ name: 'E1_HelloSequence' });
    expect(readOrchestratorMetadata(Unnamed)).toEqual({ name: 'Unnamed' });
  });

  it('@Entity records the given name or the class name', () => {
    @Entity('Counter')
    class CounterEntity {}
    @Entity()
    class Account {}
    expect(readEntityMetadata(CounterEntity)).toEqual({ name: 'Counter' });
    expect(readEntityMetadata(Account)).toEqual({ name: 'Account' });
  });

  it('@Activities and @Activity record the class marker and each method', () => {
    @Activities()
    class Greetings {
      @Activity('E1_SayHello')
      sayHello(name: string): string {
        return `Hello ${name}!`;
      }
      @Activity()
      wave(): string {
        return 'o/';
      }
    }
    expect(isActivitiesClass(Greetings)).toBe(true);
    expect(readActivityMethods(Greetings)).toEqual([
      { name: 'E1_SayHello', method: 'sayHello', memberKind: 'method' },
      { name: 'wave', method: 'wave', memberKind: 'method' },
    ]);
  });

  it('a subclass adds activities without changing the base class list (copy on write)', () => {
    @Activities()
    class Base {
      @Activity()
      inBase(): void {}
    }
    @Activities()
    class Derived extends Base {
      @Activity()
      inDerived(): void {}
    }
    expect(readActivityMethods(Base).map((m) => m.name)).toEqual(['inBase']);
    expect(readActivityMethods(Derived).map((m) => m.name)).toEqual(['inBase', 'inDerived']);
  });

  it('class markers are not inherited by undecorated subclasses', () => {
    @Orchestrator('Parent')
    class Parent {
      async run(): Promise<void> {}
    }
    class Child extends Parent {}
    expect(readOrchestratorMetadata(Child)).toBeUndefined();
    expect(isActivitiesClass(Child)).toBe(false);
  });

  it('a class without decorators has no metadata', () => {
    class Plain {}
    expect(readOrchestratorMetadata(Plain)).toBeUndefined();
    expect(readEntityMetadata(Plain)).toBeUndefined();
    expect(isActivitiesClass(Plain)).toBe(false);
    expect(readActivityMethods(Plain)).toEqual([]);
  });
});

describe('decorator arguments are validated at decoration time', () => {
  const invalid: unknown[] = ['', '   ', 42, null, 'a/b', 'x'.repeat(257)];

  it.each(invalid)('Orchestrator(%j) throws InvalidFunctionNameError', (name) => {
    expect(() => Orchestrator(name as string)).toThrow(InvalidFunctionNameError);
  });

  it.each(invalid)('Activity(%j) throws InvalidFunctionNameError', (name) => {
    expect(() => Activity(name as string)).toThrow(InvalidFunctionNameError);
  });

  it.each(invalid)('Entity(%j) throws InvalidFunctionNameError', (name) => {
    expect(() => Entity(name as string)).toThrow(InvalidFunctionNameError);
  });

  it("an entity name containing '@' is refused", () => {
    let error: unknown;
    try {
      Entity('bad@name');
    } catch (e) {
      error = e;
    }
    expect(isDurableErrorWithCode(error, 'INVALID_FUNCTION_NAME')).toBe(true);
    expect((error as Error).message).toContain("'@'");
  });
});
