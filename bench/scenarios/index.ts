import type { Scenario } from '../scenario';
import { backlogClaimScenario } from './backlog-claim';
import { codegenScaleScenario } from './codegen-scale';
import { entityOperationsScenario } from './entity-operations';
import { externalEventsScenario } from './external-events';
import { fanOutScenario } from './fan-out';
import { helloSequenceScenario } from './hello-sequence';
import { instanceCacheScenario } from './instance-cache';
import { replayVerificationScenario } from './replay-verification';
import { scaleOutScenario } from './scale-out';
import { waitingInstancesScenario } from './waiting-instances';

/** Every scenario, in the order the bench runs them. */
export const scenarios: readonly Scenario[] = [
  helloSequenceScenario,
  fanOutScenario,
  externalEventsScenario,
  entityOperationsScenario,
  instanceCacheScenario,
  waitingInstancesScenario,
  replayVerificationScenario,
  backlogClaimScenario,
  scaleOutScenario,
  codegenScaleScenario,
];
