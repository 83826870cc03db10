import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { systemClock } from '../../model/clock';
import { silentLogger } from '../../model/logger';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../model/payload-limits';
import { replayRecordedHistory } from '../../orchestration/replay-recorded-history';
import type { Constructor } from '../../registry/function-registration';
import { buildFunctionRegistry } from '../../registry/function-registry';
import { readCodegenSchemas } from '../../registry/generated-registrations';
import { AjvInputValidator } from '../ajv-input-validator';
import { ContainerFunctionCode } from '../container-function-code';
import { CLOCK, DURABLE_LOGGER } from '../injection-tokens';
import type { HistoryExport } from './history-export';

export interface ReplayCheckOptions {
  /** The app's decorated classes (its generated `durableFunctions`). */
  readonly functions: readonly Constructor[];
  /** The histories to replay: `storedHistories(...)`, `fileHistories(...)` or any exports. */
  readonly histories: AsyncIterable<HistoryExport> | Iterable<HistoryExport>;
  /** The app's container, for orchestrator classes with constructor dependencies. */
  readonly container?: DependencyContainer;
  /** The hosts' `maxPayloadSizeInBytes` (default 16 MiB, the hosts' default): the replay must refuse what they refused. */
  readonly maxPayloadBytes?: number;
}

/** An instance whose history the current code no longer fits. */
export interface ReplayMismatch {
  readonly instanceId: string;
  readonly name: string;
  readonly step: number;
  /** What history recorded at that step. */
  readonly recorded: string;
  /** What the current code does there instead. */
  readonly actual: string;
  readonly message: string;
}

export interface ReplayCheckReport {
  /** Instances replayed. */
  readonly checked: number;
  readonly mismatches: readonly ReplayMismatch[];
  /** Instances not replayed, with why (no orchestrator of that name in `functions`). */
  readonly skipped: ReadonlyArray<{ readonly instanceId: string; readonly name: string; readonly reason: string }>;
}

/**
 * Replays stored or exported histories against the current orchestrator code and reports every
 * instance whose code now schedules something different (the check to run before a deploy: such
 * instances would fail with NonDeterministicOrchestrationError on their next episode). Runs the
 * orchestrator code, never activities; stores nothing.
 */
export async function replayCheck(options: ReplayCheckOptions): Promise<ReplayCheckReport> {
  const container = (options.container ?? rootContainer).createChildContainer();
  container.registerInstance(DURABLE_LOGGER, silentLogger);
  container.registerInstance(CLOCK, systemClock);
  const registry = buildFunctionRegistry(options.functions);
  // The host checks activity inputs as they are scheduled; the replay makes the same checks.
  const schemas = readCodegenSchemas(options.functions);
  const code = new ContainerFunctionCode(registry, container, schemas === undefined ? undefined : new AjvInputValidator(schemas));
  let checked = 0;
  const mismatches: ReplayMismatch[] = [];
  const skipped: Array<{ instanceId: string; name: string; reason: string }> = [];
  for await (const exported of options.histories) {
    const { instanceId, name } = exported;
    const orchestrator = code.orchestrator(name);
    if (orchestrator === undefined) {
      skipped.push({ instanceId, name, reason: `no orchestrator named '${name}' among the functions given` });
      continue;
    }
    checked++;
    const mismatch = await replayRecordedHistory(instanceId, orchestrator, exported.history, code.inputValidator, options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
    if (mismatch !== undefined) {
      mismatches.push({ instanceId, name, step: mismatch.step, recorded: mismatch.recorded, actual: mismatch.actual, message: mismatch.message });
    }
  }
  return { checked, mismatches, skipped };
}
