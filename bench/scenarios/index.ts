import type { Scenario } from '../scenario';
import { codegenScaleScenario } from './codegen-scale';
import { fanOutScenario } from './fan-out';
import { helloSequenceScenario } from './hello-sequence';
import { instanceCacheScenario } from './instance-cache';
import { scaleOutScenario } from './scale-out';

/** Every scenario, in the order the bench runs them. */
export const scenarios: readonly Scenario[] = [helloSequenceScenario, fanOutScenario, instanceCacheScenario, scaleOutScenario, codegenScaleScenario];
