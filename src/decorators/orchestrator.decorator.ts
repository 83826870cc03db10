import 'reflect-metadata';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';
import { applyInjectable } from './apply-injectable';
import { assertOptionalDecoratorName } from './decorator-name';
import type { OrchestratorMetadata } from './decorator-metadata';
import { legacyClassDecorator } from './legacy-decorator';
import { ORCHESTRATOR_METADATA_KEY } from './metadata-keys';

/**
 * Declares an orchestrator class. The class needs an `async run(ctx)` method (checked when the
 * registry is built) and may take injected constructor parameters.
 * @param name the orchestrator's function name; defaults to the class name.
 * @param options.version recorded on every instance started without an explicit version and
 *   exposed as `ctx.version`, so code can branch for in-flight instances of older versions.
 * @throws InvalidFunctionNameError at decoration time when `name` is given but not valid.
 * @throws CompilerOptionsError at decoration time when compiled without `experimentalDecorators`.
 */
export function Orchestrator(name?: string, options: { version?: string } = {}): ClassDecorator {
  assertOptionalDecoratorName(name);
  if (options.version !== undefined && (typeof options.version !== 'string' || options.version.length === 0)) {
    throw new InvalidArgumentError('@Orchestrator version', 'expected a non-empty string');
  }
  return legacyClassDecorator('@Orchestrator', (target) => {
    const metadata: OrchestratorMetadata = { name: name ?? target.name, ...(options.version !== undefined ? { version: options.version } : {}) };
    Reflect.defineMetadata(ORCHESTRATOR_METADATA_KEY, metadata, target);
    applyInjectable(target);
  });
}
