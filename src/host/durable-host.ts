import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { FastifyInstance } from 'fastify';
import { DurableClient } from '../client/durable-client';
import { createHttpServer } from '../http/http-server';
import { hubAdministration } from './hub-administration';
import type { HttpServerConfig } from '../http/http-config';
import { systemClock, type Clock } from '../model/clock';
import { HostNotRunningError } from '../model/errors/host-not-running-error';
import { InvalidRegistrationError } from '../model/errors/invalid-registration-error';
import type { Logger } from '../model/logger';
import type { Constructor } from '../registry/function-registration';
import { buildFunctionRegistry, type FunctionRegistry } from '../registry/function-registry';
import { compareWithManifest, readCodegenManifest, readCodegenSchemas } from '../registry/generated-registrations';
import { AjvInputValidator } from './ajv-input-validator';
import type { StorageProvider } from '../storage/storage-provider';
import { DurableWorker } from '../worker/durable-worker';
import type { InstanceCacheStats } from '../worker/instance-cache';
import type { WorkerSettings } from '../worker/worker-settings';
import { describeHostConfig } from './config/describe-host-config';
import type { HostConfig } from './config/host-config';
import { loadHostConfig, type LoadHostConfigOptions } from './config/load-host-config';
import { asInjectionToken } from './as-injection-token';
import { ContainerFunctionCode } from './container-function-code';
import { createDefaultLogger, trackingLogger, withHubField } from './create-logger';
import { checkedHealth, currentHealth, loopStaleAfterMs, type HealthInputs, type HostHealth } from './host-health';
import { hostLogs } from './host-logs';
import { registerBuiltInActivityServices } from './http-activity';
import { CLOCK, DURABLE_LOGGER, HOST_CONFIG } from './injection-tokens';
import { describeStorage, openStorageProvider, withPayloads } from './open-storage-provider';
import type { DataConverter } from '../storage/payload/payload-codec';
import { DEFAULT_BODY_LIMIT_BYTES } from '../http/http-config';
import { warnIfClassTransformerDuplicated } from './warn-duplicate-class-transformer';

export interface DurableHostOptions extends LoadHostConfigOptions {
  /** Every decorated class of the app: orchestrators, activity classes, entities. */
  readonly functions: readonly Constructor[];
  /** A resolved configuration; when absent it is loaded from host.json and the environment. */
  readonly config?: HostConfig;
  /** Parent container for the app's own registrations; defaults to tsyringe's root container. */
  readonly container?: DependencyContainer;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Use this provider instead of opening the configured one (the host does not close it). */
  readonly storage?: StorageProvider;
  /** How long stop() waits for running activities before releasing them; default 30 s. */
  readonly drainTimeoutMs?: number;
  /**
   * Codecs run over every payload the host stores (inputs, outputs, events, entity state,
   * custom status, activity inputs and results) — e.g. encryption at rest. Every host and CLI
   * that opens the hub needs the same converter to read its payloads.
   */
  readonly dataConverter?: DataConverter;
}

/**
 * One durable host: registry, container, storage, worker and client. Build it with
 * `createDurableHost`, then `start()` to process work and `stop()` to finish gracefully.
 */
export class DurableHost {
  private state: 'created' | 'running' | 'stopped' = 'created';

  constructor(
    readonly config: HostConfig,
    readonly registry: FunctionRegistry,
    readonly container: DependencyContainer,
    readonly storage: StorageProvider,
    readonly client: DurableClient,
    readonly workerId: string,
    private readonly worker: DurableWorker,
    private readonly logger: Logger,
    private readonly ownsStorage: boolean,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The host's HTTP server (fastify): the built-in durabletask API and the app's @HttpTrigger
   * routes, with trigger classes resolved through the host's container. Its keys, base URL and
   * allowed origins and hosts come from the configuration (`extensions.http`, `DURABLE_SYSTEM_KEY`,
   * …); `options` override them. Listen on it after start(); close it before stop().
   */
  createHttpServer(options: Omit<HttpServerConfig, 'routePrefix'> = {}): FastifyInstance {
    return createHttpServer({
      client: this.client,
      // A body as large as the largest payload is let through, so the payload limit (a typed 413) decides.
      config: { routePrefix: this.config.httpRoutePrefix, bodyLimitBytes: Math.max(DEFAULT_BODY_LIMIT_BYTES, this.config.maxPayloadBytes), ...this.config.httpSecurity, ...options },
      appTriggers: { classes: this.registry.httpTriggers(), resolve: (cls) => this.container.resolve(asInjectionToken(cls)) },
      entities: this.registry,
      logger: this.logger,
      health: () => this.checkHealth(),
      administration: hubAdministration(this.storage),
    });
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /**
   * Liveness and readiness without I/O: `live` while the worker's dispatch loops go round (a loop
   * that has not for a lease duration, and at least 10 s, is stuck), `ready` (= `healthy`) when
   * it also runs and its storage takes writes. A database that turned read-only (file
   * permissions, a read-only mount or PostgreSQL standby) makes it not ready: work is not claimed
   * until a write succeeds again (logged as storage.writes.refused and storage.writes.restored).
   */
  health(): HostHealth {
    return currentHealth(this.healthInputs());
  }

  /**
   * health() plus one read of storage: whether it answers (within 5 s; not ready when it does
   * not) and the backlog — due inbox messages, due activity items not taken, and how long the
   * oldest has waited. What `GET /runtime/webhooks/durabletask/health` serves.
   */
  checkHealth(): Promise<HostHealth> {
    return checkedHealth(this.healthInputs(), this.storage);
  }

  private healthInputs(): HealthInputs {
    const settings = { leaseMs: this.config.leaseDurationInSeconds * 1000, polling: this.config.maxQueuePollingIntervalMs };
    return { state: this.state, worker: this.worker, clock: this.clock, staleAfterMs: loopStaleAfterMs(settings.leaseMs, settings.polling) };
  }

  /**
   * The instance cache of this host's worker: how many orchestrations it keeps live between
   * episodes, its bounds (`maxCachedOrchestrations`, `extendedSessionIdleTimeoutInSeconds`) and
   * how many it has evicted. For monitoring memory.
   */
  instanceCacheStats(): InstanceCacheStats {
    return this.worker.orchestrations.instanceCacheStats();
  }

  /** Shorthand for `health().healthy`. */
  get isHealthy(): boolean {
    return this.health().healthy;
  }

  /** Starts processing orchestrations and activities. */
  async start(): Promise<void> {
    if (this.state === 'stopped') throw new HostNotRunningError('DurableHost.start');
    if (this.state === 'running') return;
    this.worker.start();
    this.state = 'running';
    hostLogs.started(this.logger, {
      storage: describeStorage(this.config),
      workerId: this.workerId,
      functions: this.registry.all().length,
      config: describeHostConfig(this.config),
    });
  }

  /** Stops claiming work, finishes or releases what is in flight, and closes storage it opened. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    if (wasRunning) {
      hostLogs.stopping(this.logger, {});
      await this.worker.stop();
    }
    if (this.ownsStorage) await this.storage.close();
    hostLogs.stopped(this.logger, {});
  }
}

/**
 * Builds a host: reads configuration, builds the function registry, opens storage and checks
 * that every class resolves through the container. Invalid configuration or registrations are
 * start-up errors that name the setting or the class.
 */
export async function createDurableHost(options: DurableHostOptions): Promise<DurableHost> {
  const config = options.config ?? loadHostConfig(options);
  const registry = buildFunctionRegistry(options.functions);
  const logger = withHubField(options.logger ?? createDefaultLogger(options.env, config.logLevels.default), config.hubName);
  warnWhenGeneratedFilesAreStale(registry, options.functions, logger);
  if (config.ignoredSettings.length > 0) hostLogs.settingsIgnored(logger, { keys: config.ignoredSettings });
  const clock = options.clock ?? systemClock;
  warnIfClassTransformerDuplicated(logger);
  const container = (options.container ?? rootContainer).createChildContainer();
  const storage =
    options.storage !== undefined ? withPayloads(options.storage, config, options.dataConverter) : await openStorageProvider(config, clock, options.dataConverter, logger);
  try {
    const schemas = readCodegenSchemas(options.functions);
    const validator = schemas === undefined ? undefined : new AjvInputValidator(schemas);
    // The worker made below takes this client's eager starts while it runs.
    let worker: DurableWorker | undefined;
    const client = new DurableClient(storage, clock, catalogOf(registry), config.defaultVersion, validator, () => worker?.eagerStarts);
    container.registerInstance(DurableClient, client);
    container.registerInstance(HOST_CONFIG, config);
    container.registerInstance(DURABLE_LOGGER, logger);
    container.registerInstance(CLOCK, clock);
    registerBuiltInActivityServices(container, options.env ?? process.env); // BuiltIn::HttpActivity's secrets
    assertClassesResolve(registry, container);
    const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const resolver = new ContainerFunctionCode(registry, container, validator);
    const tracking = { log: trackingLogger(logger, config.logLevels.durableTask), ...config.tracing };
    worker = new DurableWorker(storage, resolver, { ...workerSettings(config, workerId, options.drainTimeoutMs), tracking }, clock, logger);
    return new DurableHost(config, registry, container, storage, client, workerId, worker, logger, options.storage === undefined, clock);
  } catch (error) {
    if (options.storage === undefined) await storage.close();
    throw error;
  }
}

function catalogOf(registry: FunctionRegistry): ConstructorParameters<typeof DurableClient>[2] {
  return {
    findOrchestrator: (name) => {
      const reg = registry.getOrchestrator(name);
      return reg && { name: reg.name, ...(reg.version !== undefined ? { version: reg.version } : {}) };
    },
    orchestratorNames: () => registry.orchestratorNames(),
  };
}

function warnWhenGeneratedFilesAreStale(registry: FunctionRegistry, functions: readonly Constructor[], logger: Logger): void {
  const manifest = readCodegenManifest(functions);
  if (manifest === undefined) return;
  const differences = compareWithManifest(registry, manifest);
  if (differences.length > 0) hostLogs.generatedFilesStale(logger, { differences });
}

function assertClassesResolve(registry: FunctionRegistry, container: DependencyContainer): void {
  for (const cls of registry.classes()) {
    try {
      container.resolve(asInjectionToken(cls));
    } catch (error) {
      const declared = registry.all().filter((r) => r.target === cls).map((r) => `${r.kind} '${r.name}'`).join(', ');
      throw new InvalidRegistrationError(
        `${cls.name} (declares ${declared})`,
        `cannot be constructed by the container: ${error instanceof Error ? error.message : String(error)}. ` +
          'Register its constructor dependencies in the container passed to createDurableHost, or mark them @injectable().',
        { cause: error },
      );
    }
  }
}

function workerSettings(config: HostConfig, owner: string, drainTimeoutMs = 30_000): WorkerSettings {
  return {
    owner,
    maxConcurrentOrchestrations: config.maxConcurrentOrchestratorFunctions,
    maxConcurrentActivities: config.maxConcurrentActivityFunctions,
    leaseMs: config.leaseDurationInSeconds * 1000,
    maxPollingIntervalMs: config.maxQueuePollingIntervalMs,
    maxDequeueCount: config.maxDequeueCount,
    extendedSessionsEnabled: config.extendedSessionsEnabled,
    localActivityDispatch: config.localActivityDispatch,
    localActivityBacklog: config.localActivityBacklog,
    eagerStart: config.eagerStart,
    maxCachedInstances: config.maxCachedOrchestrations,
    cacheIdleTimeoutMs: config.extendedSessionIdleTimeoutInSeconds * 1000,
    drainTimeoutMs,
    maxEntityOperationBatchSize: config.maxEntityOperationBatchSize,
    replayVerification: config.replayVerification,
    replayVerificationSampleRate: config.replayVerificationSampleRate,
    activityTimeoutMs: config.functionTimeoutMs,
    maxPayloadBytes: config.maxPayloadBytes,
  };
}
