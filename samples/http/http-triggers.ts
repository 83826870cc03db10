import { HttpStart } from './http-start.triggers';

/** Every HTTP trigger class of the samples app. */
export const sampleHttpTriggers = [HttpStart];
