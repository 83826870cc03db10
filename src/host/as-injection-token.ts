import type { InjectionToken } from 'tsyringe';
import type { Constructor } from '../registry/function-registration';

/** A registered class as a tsyringe token (our Constructor type is stricter than tsyringe's). */
export function asInjectionToken(cls: Constructor): InjectionToken<object> {
  return cls as unknown as InjectionToken<object>;
}
