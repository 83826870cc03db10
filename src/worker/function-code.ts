import type { ActivityContext } from '../model/activity-context';
import type { EntityDescriptor } from '../entities/entity-descriptor';
import type { InputValidator } from '../model/input-schemas';
import type { OrchestratorFunction } from '../orchestration/orchestration-context';

/** An activity bound to its class instance: input (and the activity's context) in, result out. */
export type ActivityFunction = (input: unknown, context: ActivityContext) => unknown;

/**
 * The code behind each registered function name: what a worker runs for a work item. The host
 * implements it over its container; undefined means no class declares that name.
 */
export interface FunctionCode {
  orchestrator(name: string): OrchestratorFunction | undefined;
  activity(name: string): ActivityFunction | undefined;
  entity(name: string): EntityDescriptor | undefined;
  /** Registered names of a kind, for error messages. */
  names(kind: 'orchestrator' | 'activity'): readonly string[];
  /** The declared input types (from codegen's schemas), checked as orchestrators schedule activities. */
  readonly inputValidator?: InputValidator;
}
