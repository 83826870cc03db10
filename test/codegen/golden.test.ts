import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedFiles } from '../../codegen/emit/write-files';
import { generate, type CodegenResult } from '../../codegen/generate';
import { copyFixture, FIXTURES, type FixtureCopy } from './support/fixture-project';
import { GOLDEN_STYLES } from './support/module-styles';

/** The basic fixture project, generated into a temp folder, matches the checked-in expected/ files. */
describe('codegen golden output', () => {
  let fixture: FixtureCopy;
  let result: CodegenResult;

  beforeAll(() => {
    fixture = copyFixture('basic');
    result = generate({ project: fixture.tsconfig, include: [fixture.src], out: fixture.out });
    writeGeneratedFiles(result.files, fixture.out);
  });
  afterAll(() => fixture.dispose());

  it('reports no problems', () => {
    expect(result.diagnostics).toEqual([]);
  });

  it('recognises durable-ts decorators through aliases, re-exports and namespaces, and nothing else', () => {
    const names = result.model.functions.map((fn) => fn.name);
    expect(names).toEqual(['Batch', 'F_Anything', 'F_Greet', 'F_Idle', 'F_Lookup', 'F_Now', 'F_PlaceOrder', 'F_PriceLine', 'F_Reserve', 'F_SayHello', 'F_ShipOrder', 'F_Tax', 'shout']);
    expect(names).not.toContain('F_NotMe');
    expect(result.model.classes.map((c) => c.className)).not.toContain('NotAnOrchestrator');
  });

  it('builds a plain JSON model with locations and the imports each type needs', () => {
    expect(JSON.parse(JSON.stringify(result.model))).toEqual(result.model);
    const placeOrder = result.model.functions.find((fn) => fn.name === 'F_PlaceOrder');
    expect(placeOrder).toEqual({
      name: 'F_PlaceOrder',
      kind: 'orchestrator',
      className: 'PlaceOrder',
      methodName: 'run',
      input: { text: 'import("src/types/order.ts").OrderRequest', imports: [{ name: 'OrderRequest', module: 'src/types/order.ts', kind: 'file' }] },
      output: { text: 'import("src/types/order.ts").OrderResult', imports: [{ name: 'OrderResult', module: 'src/types/order.ts', kind: 'file' }] },
      location: { file: 'src/place-order.orchestrator.ts', line: 6, column: 1 },
    });
  });

  it('models the external events an orchestrator declares as its context\'s second type argument, and none otherwise', () => {
    const shipOrder = result.model.functions.find((fn) => fn.name === 'F_ShipOrder');
    expect(shipOrder?.events?.map((event) => `${event.name}: ${event.payload.text}`)).toEqual([
      'address-changed: string | undefined',
      'cancelled: void',
      'shipped: import("src/ship-order.orchestrator.ts").ShippedEvent',
    ]);
    expect(result.model.functions.find((fn) => fn.name === 'F_PlaceOrder')).not.toHaveProperty('events');
  });

  it('models each @Entity: public operations (async unwrapped, built-in delete unless the class has one) and stored fields', () => {
    expect(result.model.entities.map((e) => e.name)).toEqual(['Cart', 'Flag', 'Tally']);
    const cart = result.model.entities.find((e) => e.name === 'Cart');
    expect(cart?.location).toEqual({ file: 'src/cart.entity.ts', line: 16, column: 1 });
    expect(cart?.operations.map((op) => `${op.name}(${op.input.text}): ${op.output.text}${op.builtIn ? ' built-in' : ''}`)).toEqual([
      'add(import("src/types/order.ts").OrderLine): number',
      'clear(void): void',
      'delete(void): void built-in',
      'setOwner(string | undefined): void',
      'summary(void): import("src/cart.entity.ts").CartSummary',
    ]);
    // The runtime's rule (README "What an entity stores"): data fields of any visibility; not injected
    // parameters (currency, region, taxes), not @Exclude()d (cache, draft), not #private.
    expect(cart?.state.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.type.text}`)).toEqual([
      'lines: import("src/types/order.ts").OrderLine[]',
      'maxLines: number',
      'owner?: string | undefined',
      'revision: number',
      'secret: string',
      'updatedAt: unknown',
    ]);
    expect(cart?.state.find((f) => f.name === 'updatedAt')?.note).toContain('a Date comes back from JSON as a string');
    const tally = result.model.entities.find((e) => e.name === 'Tally');
    expect(tally?.state.map((f) => `${f.name}: ${f.type.text}`)).toEqual(['history: string[]', 'total: number']);
    const flag = result.model.entities.find((e) => e.name === 'Flag');
    expect(flag?.state).toEqual([]);
    expect(flag?.operations.map((op) => [op.name, op.input.text, op.output.text, op.builtIn])).toEqual([
      ['delete', 'string', 'boolean', false],
      ['ping', 'void', '"pong"', false],
    ]);
  });
});

/**
 * The generated files, byte for byte, in each module style with golden files. After a deliberate
 * change to the output, `UPDATE_GOLDEN=1 npx vitest run test/codegen/golden.test.ts` rewrites
 * them; review the diff.
 */
describe.each(GOLDEN_STYLES)('codegen golden files: $name', (style) => {
  it(`writes exactly the files of ${style.expected}/`, () => {
    const fixture = copyFixture('basic', style);
    try {
      const result = generate({ project: fixture.tsconfig, include: [fixture.src], out: fixture.out });
      expect(result.diagnostics).toEqual([]);
      writeGeneratedFiles(result.files, fixture.out);
      const expectedDir = join(FIXTURES, 'basic', style.expected);
      if (process.env.UPDATE_GOLDEN === '1') {
        rmSync(expectedDir, { recursive: true, force: true });
        cpSync(fixture.out, expectedDir, { recursive: true });
      }
      const expected = readdirSync(expectedDir).sort();
      expect(readdirSync(fixture.out).sort()).toEqual(expected);
      for (const name of expected) {
        expect(readFileSync(join(fixture.out, name), 'utf8'), name).toBe(readFileSync(join(expectedDir, name), 'utf8'));
      }
    } finally {
      fixture.dispose();
    }
  });
});
