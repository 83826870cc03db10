import type { DependencyContainer } from 'tsyringe';
import type { InputValidator } from '../model/input-schemas';
import type { OrchestratorFunction } from '../orchestration/orchestration-context';
import type { FunctionRegistration } from '../registry/function-registration';
import type { FunctionRegistry } from '../registry/function-registry';
import type { EntityDescriptor } from '../entities/entity-descriptor';
import { asInjectionToken } from './as-injection-token';
import { entityDescriptor } from './entity-descriptors';
import { builtInActivity } from './http-activity';
import type { ActivityFunction, FunctionCode } from '../worker/function-code';

type Invocable = Record<string | symbol, unknown>;

/**
 * Finds code through the host's container. Orchestrator classes are resolved once per execution
 * (fields never leak between instances); activity classes once per call, so a class the user
 * registers as a singleton in the container is shared and any other is fresh.
 */
export class ContainerFunctionCode implements FunctionCode {
  private readonly orchestrators = new Map<string, OrchestratorFunction | undefined>();
  private readonly activities = new Map<string, ActivityFunction | undefined>();
  private readonly entities = new Map<string, EntityDescriptor | undefined>();

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly container: DependencyContainer,
    readonly inputValidator?: InputValidator,
  ) {}

  orchestrator(name: string): OrchestratorFunction | undefined {
    if (!this.orchestrators.has(name)) {
      const reg = this.registry.getOrchestrator(name);
      this.orchestrators.set(name, reg && ((ctx) => this.invoke(reg, ctx)));
    }
    return this.orchestrators.get(name);
  }

  activity(name: string): ActivityFunction | undefined {
    if (!this.activities.has(name)) {
      // Built-in activities (BuiltIn::HttpActivity) come first and stay out of the registry's listing.
      const builtIn = builtInActivity(name, this.container);
      const reg = builtIn === undefined ? this.registry.getActivity(name) : undefined;
      this.activities.set(name, builtIn ?? (reg && ((input, context) => this.invoke(reg, input, context))));
    }
    return this.activities.get(name);
  }

  entity(name: string): EntityDescriptor | undefined {
    if (!this.entities.has(name)) {
      const reg = this.registry.getEntity(name);
      this.entities.set(name, reg && entityDescriptor(reg, this.container));
    }
    return this.entities.get(name);
  }

  names(kind: 'orchestrator' | 'activity'): readonly string[] {
    return kind === 'orchestrator' ? this.registry.orchestratorNames() : this.registry.activityNames();
  }

  private invoke(reg: FunctionRegistration, ...args: readonly unknown[]): Promise<unknown> | unknown {
    const instance = this.container.resolve(asInjectionToken(reg.target)) as Invocable;
    const method = instance[reg.method] as (...methodArgs: unknown[]) => unknown;
    return method.apply(instance, [...args]);
  }
}
