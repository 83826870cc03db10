import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../../src/model/json-codec';

describe('JSON codec', () => {
  it('round-trips plain values and treats undefined as no payload', () => {
    const value = { a: [1, 'two', null, true], b: { c: 'é' } };
    expect(decodeJson(encodeJson(value, 'x'))).toEqual(value);
    expect(encodeJson(undefined, 'x')).toBeUndefined();
  });

  it('refuses a value nested deeper than the stack allows with a typed error, not a RangeError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => encodeJson(deep, 'Input')).toThrowError(expect.objectContaining({ code: 'NOT_JSON_SERIALIZABLE', message: expect.stringContaining('nested too deeply') }));
  });
});
