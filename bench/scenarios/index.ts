import type { Scenario } from '../scenario';
import { fanOutScenario } from './fan-out';
import { helloSequenceScenario } from './hello-sequence';
import { instanceCacheScenario } from './instance-cache';

/** Every scenario, in the order the bench runs them. */
export const scenarios: readonly Scenario[] = [helloSequenceScenario, fanOutScenario, instanceCacheScenario];
