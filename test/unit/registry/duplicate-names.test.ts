import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';
import { Entity } from '../../../src/decorators/entity.decorator';
import { Orchestrator } from '../../../src/decorators/orchestrator.decorator';
import { DuplicateFunctionNameError } from '../../../src/model/errors/duplicate-function-name-error';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';

function buildError(classes: Parameters<typeof buildFunctionRegistry>[0]): Error {
  try {
    buildFunctionRegistry(classes);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected buildFunctionRegistry to throw');
}

describe('duplicate function names', () => {
  it('refuses two functions whose names differ only in case, across kinds, naming both places', () => {
    @Activities()
    class Tasks {
      @Activity('Process')
      process(): void {}
    }
    @Orchestrator('PROCESS')
    class ProcessOrchestrator {
      async run(): Promise<void> {}
    }
    const error = buildError([Tasks, ProcessOrchestrator]);
    expect(error).toBeInstanceOf(DuplicateFunctionNameError);
    expect(error).toMatchObject({
      functionName: 'PROCESS',
      firstDeclaration: 'Tasks.process',
      secondDeclaration: 'ProcessOrchestrator',
    });
  });

  it('refuses two activities of one name in one class', () => {
    @Activities()
    class Twice {
      @Activity('Same')
      a(): void {}
      @Activity('same')
      b(): void {}
    }
    expect(buildError([Twice])).toMatchObject({
      functionName: 'same',
      firstDeclaration: 'Twice.a',
      secondDeclaration: 'Twice.b',
    });
  });

  it('refuses an entity and an activity of one name', () => {
    @Activities()
    class Ops {
      @Activity()
      counter(): void {}
    }
    @Entity('Counter')
    class CounterEntity {}
    const error = buildError([CounterEntity, Ops]);
    expect(error).toBeInstanceOf(DuplicateFunctionNameError);
    expect(error.message).toContain('CounterEntity');
    expect(error.message).toContain('Ops.counter');
  });
});
