import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Activities, Activity, createDurableHost, Entity, generatedRegistrations, Orchestrator, type Logger, type OrchestrationContext } from 'durable-ts';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';
import { compareWithManifest, readCodegenManifest } from '../../../src/registry/generated-registrations';

@Activities()
class Shipping {
  @Activity('Ship')
  ship(): string {
    return 'shipped';
  }
}

@Orchestrator('Order')
class Order {
  async run(_ctx: OrchestrationContext<void>): Promise<void> {}
}

@Entity('Stock')
class Stock {
  count = 0;
  add(): void {
    this.count++;
  }
}

const CURRENT = { activities: ['Ship'], orchestrators: ['Order'], entities: ['Stock'] };

describe('generated registration lists', () => {
  it('carry the manifest without changing the list', () => {
    const list = generatedRegistrations([Shipping, Order], CURRENT);
    expect(list).toEqual([Shipping, Order]);
    expect(Object.keys(list)).toEqual(['0', '1']);
    expect(readCodegenManifest(list)).toBe(CURRENT);
    expect(readCodegenManifest([...list])).toBeUndefined();
  });

  it('agree with the decorators when the names are the same, ignoring case', () => {
    const registry = buildFunctionRegistry([Shipping, Order, Stock]);
    expect(compareWithManifest(registry, { activities: ['SHIP'], orchestrators: ['order'], entities: ['Stock'] })).toEqual([]);
  });

  it('name each function renamed, added or removed since codegen ran', () => {
    const registry = buildFunctionRegistry([Shipping, Order, Stock]);
    expect(compareWithManifest(registry, { activities: ['ShipIt'], orchestrators: ['Order', 'Refund'], entities: [] })).toEqual([
      "activity 'Ship' is declared but not in the generated files",
      "activity 'ShipIt' is in the generated files but no longer declared",
      "orchestrator 'Refund' is in the generated files but no longer declared",
      "entity 'Stock' is declared but not in the generated files",
    ]);
  });
});

describe('a host given a stale generated list', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const startWith = async (functions: Parameters<typeof createDurableHost>[0]['functions']): Promise<{ event: unknown; message: string }[]> => {
    dir = mkdtempSync(join(tmpdir(), 'durable-stale-'));
    const warnings: { event: unknown; message: string }[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (fields, message) => void warnings.push({ event: fields.event, message }) };
    const env = { AzureFunctionsJobHost__extensions__durableTask__storageProvider__path: join(dir, 'state.sqlite') };
    const host = await createDurableHost({ functions, logger, env, cwd: dir });
    await host.stop();
    return warnings;
  };

  it('warns at start-up, naming the difference and the command', async () => {
    const warnings = await startWith(generatedRegistrations([Shipping, Order, Stock], { ...CURRENT, activities: ['ShipIt'] }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.event).toBe('host.generated-files.stale');
    expect(warnings[0]?.message).toContain("activity 'Ship' is declared but not in the generated files");
    expect(warnings[0]?.message).toContain('npx durable codegen');
  });

  it('says nothing when the list is current, or not generated', async () => {
    expect(await startWith(generatedRegistrations([Shipping, Order, Stock], CURRENT))).toEqual([]);
    expect(await startWith([Shipping, Order, Stock])).toEqual([]);
  });
});
