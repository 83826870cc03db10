import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';
import { Entity } from '../../../src/decorators/entity.decorator';
import { Orchestrator } from '../../../src/decorators/orchestrator.decorator';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';

@Activities()
class Greetings {
  @Activity('E1_SayHello')
  sayHello(name: string): string {
    return `Hello ${name}!`;
  }
  @Activity()
  farewell(name: string): string {
    return `Bye ${name}`;
  }
  notAnActivity(): void {}
}

@Orchestrator('E1_HelloSequence')
class HelloSequence {
  async run(): Promise<string[]> {
    return [];
  }
}

@Orchestrator()
class Approval {
  async run(): Promise<void> {}
}

@Entity('Counter')
class CounterEntity {
  value = 0;
}

describe('FunctionRegistry', () => {
  const registry = buildFunctionRegistry([Greetings, HelloSequence, Approval, CounterEntity]);

  it('finds functions by name, ignoring case, keeping the declared spelling', () => {
    expect(registry.getActivity('e1_sayhello')).toMatchObject({
      kind: 'activity',
      name: 'E1_SayHello',
      target: Greetings,
      method: 'sayHello',
      declaredAt: 'Greetings.sayHello',
    });
    expect(registry.getOrchestrator('E1_HELLOSEQUENCE')).toMatchObject({
      kind: 'orchestrator',
      name: 'E1_HelloSequence',
      target: HelloSequence,
      method: 'run',
      declaredAt: 'HelloSequence',
    });
    expect(registry.getEntity('counter')).toMatchObject({
      kind: 'entity',
      name: 'Counter',
      target: CounterEntity,
      method: '',
      declaredAt: 'CounterEntity',
    });
  });

  it('defaults names to the class name and the method name', () => {
    expect(registry.getOrchestrator('Approval')?.target).toBe(Approval);
    expect(registry.getActivity('farewell')?.method).toBe('farewell');
  });

  it('answers undefined for unknown names and for names of another kind', () => {
    expect(registry.getActivity('nope')).toBeUndefined();
    expect(registry.getActivity('notAnActivity')).toBeUndefined();
    expect(registry.getActivity('Counter')).toBeUndefined();
    expect(registry.getOrchestrator('E1_SayHello')).toBeUndefined();
    expect(registry.getEntity('Approval')).toBeUndefined();
  });

  it('lists names per kind, sorted, with the declared spelling', () => {
    expect(registry.orchestratorNames()).toEqual(['Approval', 'E1_HelloSequence']);
    expect(registry.activityNames()).toEqual(['E1_SayHello', 'farewell']);
    expect(registry.entityNames()).toEqual(['Counter']);
  });

  it('lists the distinct classes and every registration', () => {
    expect(registry.classes()).toEqual([Greetings, HelloSequence, Approval, CounterEntity]);
    expect(registry.all().map((r) => r.declaredAt)).toEqual([
      'Greetings.sayHello',
      'Greetings.farewell',
      'HelloSequence',
      'Approval',
      'CounterEntity',
    ]);
  });

  it('counts a class listed twice once', () => {
    const twice = buildFunctionRegistry([Greetings, HelloSequence, Greetings]);
    expect(twice.classes()).toEqual([Greetings, HelloSequence]);
    expect(twice.activityNames()).toEqual(['E1_SayHello', 'farewell']);
  });

  it('is independent per build: no global state', () => {
    expect(buildFunctionRegistry([]).all()).toEqual([]);
    expect(buildFunctionRegistry([HelloSequence]).activityNames()).toEqual([]);
  });

  it('registers inherited activities under the subclass that is listed', () => {
    @Activities()
    class MoreGreetings extends Greetings {
      @Activity()
      wave(): string {
        return 'o/';
      }
    }
    const sub = buildFunctionRegistry([MoreGreetings]);
    expect(sub.activityNames()).toEqual(['E1_SayHello', 'farewell', 'wave']);
    expect(sub.getActivity('E1_SayHello')?.declaredAt).toBe('MoreGreetings.sayHello');
  });
});
