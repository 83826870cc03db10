import { describe, expect, it } from 'vitest';
import { AjvInputValidator } from '../../../src/host/ajv-input-validator';
import type { DurableSchemas } from '../../../src/model/input-schemas';

const ORDER = {
  $ref: '#/definitions/Order',
  definitions: {
    Order: { type: 'object', properties: { lines: { type: 'array', items: { $ref: '#/definitions/Line' } } }, required: ['lines'] },
    Line: { type: 'object', properties: { sku: { type: 'string' }, 'unit-price': { type: 'number' } }, required: ['sku'] },
  },
};

const SCHEMAS: DurableSchemas = {
  orchestrators: { ProcessOrder: { input: { optional: false, schema: ORDER }, events: { Note: { optional: true, schema: { type: 'string' } } } } },
  activities: {},
  entities: { Counter: { add: { optional: false, schema: { type: 'number' } } } },
};

describe('AjvInputValidator', () => {
  const validator = new AjvInputValidator(SCHEMAS);
  const messageOf = (run: () => void): string => {
    try {
      run();
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('names the JSON path of the first mismatch and what was expected there', () => {
    const order = { kind: 'orchestrator', name: 'processorder' } as const;
    expect(messageOf(() => validator.validate(order, { lines: [{ sku: 'a' }, { sku: 1 }] }))).toContain("orchestrator 'ProcessOrder' does not match its declared type at $.lines[1].sku: expected string");
    expect(messageOf(() => validator.validate(order, { lines: [{ sku: 'a', 'unit-price': 'x' }] }))).toContain('at $.lines[0]["unit-price"]: expected number');
    expect(messageOf(() => validator.validate(order, { foo: 1 }))).toContain('at $.lines: a required property is missing');
    expect(messageOf(() => validator.validate(order, undefined))).toContain('at $: a value is required');
    expect(messageOf(() => validator.validate(order, { lines: [], extra: true }))).toBe('accepted');
  });

  it('accepts no value for an optional input, anything where there is no schema, and says whether events are checked', () => {
    expect(messageOf(() => validator.validate({ kind: 'event', orchestrator: 'ProcessOrder', event: 'note' }, undefined))).toBe('accepted');
    expect(messageOf(() => validator.validate({ kind: 'event', orchestrator: 'ProcessOrder', event: 'note' }, 3))).toContain('expected string');
    expect(messageOf(() => validator.validate({ kind: 'event', orchestrator: 'ProcessOrder', event: 'other' }, 3))).toBe('accepted');
    expect(messageOf(() => validator.validate({ kind: 'entity-operation', entity: 'counter', operation: 'reset' }, 'x'))).toBe('accepted');
    expect(validator.checksEvents).toBe(true);
    expect(new AjvInputValidator({ orchestrators: {}, activities: {}, entities: {} }).checksEvents).toBe(false);
  });
});
