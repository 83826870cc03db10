import { describe, expect, it } from 'vitest';
import { injectedKeys } from '../../../src/host/injected-keys';

describe('injectedKeys', () => {
  const service = { secret: 'key' };
  const callback = (): void => undefined;

  it('names the fields holding an object, function or non-empty string argument', () => {
    const instance = { audit: service, onDone: callback, region: 'eu', onHand: 3 };
    expect([...injectedKeys(instance, [service, callback, 'eu'])].sort()).toEqual(['audit', 'onDone', 'region']);
  });

  it('never mistakes data for an injected number, boolean or empty string', () => {
    const instance = { count: 0, enabled: true, note: '', missing: undefined };
    expect(injectedKeys(instance, [0, true, '', undefined, null]).size).toBe(0);
  });

  it('leaves copies of an argument alone: only the very object is injected', () => {
    expect(injectedKeys({ copy: { ...service } }, [service]).size).toBe(0);
  });
});
