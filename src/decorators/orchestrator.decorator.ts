import 'reflect-metadata';
import { applyInjectable } from './apply-injectable';
import { assertOptionalDecoratorName } from './decorator-name';
import type { OrchestratorMetadata } from './decorator-metadata';
import { ORCHESTRATOR_METADATA_KEY } from './metadata-keys';

/**
 * Declares an orchestrator class. The class needs an `async run(ctx)` method (checked when the
 * registry is built) and may take injected constructor parameters.
 * @param name the orchestrator's function name; defaults to the class name.
 * @throws InvalidFunctionNameError at decoration time when `name` is given but not valid.
 */
export function Orchestrator(name?: string): ClassDecorator {
  assertOptionalDecoratorName(name);
  return (target) => {
    const metadata: OrchestratorMetadata = { name: name ?? target.name };
    Reflect.defineMetadata(ORCHESTRATOR_METADATA_KEY, metadata, target);
    applyInjectable(target);
  };
}
