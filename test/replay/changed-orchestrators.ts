import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import { readOrchestratorMetadata } from '../../src/decorators/read-metadata';
import type { Constructor } from '../../src/registry/function-registration';

/** The activity every changed orchestrator calls first; nothing needs to run it. */
export const EXTRA_FIRST_CALL = 'GoldenCheck_ExtraFirstCall';

type OrchestratorClass = Constructor<{ run(ctx: OrchestrationContext<unknown>): Promise<unknown> }>;

/**
 * The same functions, each orchestrator replaced by a version that first calls one more activity
 * and then does what the original did: a change of action sequence that every recorded history
 * with a durable call must reveal. Orchestrators with constructor parameters are not supported.
 */
export function withExtraFirstCall(functions: readonly Constructor[]): Constructor[] {
  return functions.map((cls) => {
    const metadata = readOrchestratorMetadata(cls);
    if (metadata === undefined) return cls;
    const Original = cls as OrchestratorClass;
    class Changed {
      async run(ctx: OrchestrationContext<unknown>): Promise<unknown> {
        await ctx.callActivity(EXTRA_FIRST_CALL);
        return new Original().run(ctx);
      }
    }
    Orchestrator(metadata.name)(Changed);
    return Changed;
  });
}
