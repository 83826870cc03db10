import { durableFunctions } from './generated/durable-functions';
import { HttpStart } from './http/http-start.triggers';

/**
 * The samples' durable functions without their HTTP trigger class: the generated registration
 * list (what the samples app serves), for hosts that are given trigger classes separately.
 */
export const sampleFunctions = durableFunctions.filter((cls) => cls !== HttpStart);
