import 'reflect-metadata';

// Decorators
export { Activities } from './decorators/activities.decorator';
export { Activity } from './decorators/activity.decorator';
export { Entity } from './decorators/entity.decorator';
export { Orchestrator } from './decorators/orchestrator.decorator';
// tsyringe's decorators, re-exported so apps need no import order care (reflect-metadata first).
export { inject, injectable, registry, singleton } from 'tsyringe';
// class-transformer's decorators for entity state, re-exported so that they come from the copy
// the runtime uses (decorators from a second copy are invisible to it).
export { Exclude, Expose, Transform, Type } from 'class-transformer';

// Orchestrator code
export type { ExternalEventWaiter, OrchestrationContext, OrchestratorFunction } from './orchestration/orchestration-context';
export { MAX_CUSTOM_STATUS_BYTES } from './orchestration/orchestration-context';
export { DurableTask } from './orchestration/durable-task';
export type { TaskResult } from './orchestration/durable-task';
export { TimerTask } from './orchestration/timer-task';
export type { ActivityOptions, RetryOptions, SubOrchestrationOptions, TaskOptions } from './orchestration/retry-options';
export type { WhenAnyResult } from './orchestration/composite-tasks';
export type { DurableHttpRequest, DurableHttpResponse } from './orchestration/durable-http';
export { DurableHttpTask } from './orchestration/durable-http-task';
export { HTTP_ACTIVITY_NAME } from './orchestration/durable-http';
export type { ReplaySafeLogger } from './orchestration/replay-safe-logger';
export { OrchestrationExecutor } from './orchestration/orchestration-executor';
export type { EpisodeResult, OrchestrationCompletion, OrchestrationExecutorOptions } from './orchestration/orchestration-executor';
export type { OrchestratorAction } from './orchestration/orchestrator-action';
// Typed calls: the maps are filled by generated code (module augmentation), see `npm run codegen`.
export type {
  DurableActivities,
  DurableEntities,
  DurableFunctionTypes,
  DurableOrchestrations,
  FunctionCallArguments,
  FunctionInput,
  FunctionOutput,
} from './model/durable-function-types';
export type {
  EventDataArguments,
  ExternalEventName,
  HasNoDeclaredEvents,
  OrchestrationEventsOf,
  RaisableEventName,
  RaiseEventArguments,
  UndeclaredEvents,
} from './model/durable-event-types';
export type { ActivityProxies, SubOrchestrationProxies } from './orchestration/typed-call-proxies';
export type { EntityProxies, EntitySignalProxy, OrchestrationEntityProxy } from './orchestration/typed-entity-proxies';
export type {
  DurableEntityTypes,
  EntityCallArguments,
  EntityOperationsOf,
  EntitySignalOptions,
  EntityState,
  EntityStateOf,
} from './model/durable-entity-types';

// Entities
export { entityContextOf } from './entities/entity-context';
export { defineEntity } from './decorators/define-entity';
export type { EntityFunction, EntityFunctionContext } from './entities/entity-function-context';
export type { EntityContext } from './entities/entity-context';
export type { EntityLock } from './orchestration/entity-messaging';
export { entityId, formatEntityId, parseEntityId } from './model/entity-id';
export type { EntityId } from './model/entity-id';
export type { CleanEntityStorageResult, EntityMetadata, EntityPage, EntityQuery, EntityStateResponse } from './client/entity-client';

// Client
export { DurableClient } from './client/durable-client';
export type {
  GetStatusOptions,
  OrchestrationStatus,
  StartOrchestrationOptions,
  WaitForCompletionOptions,
} from './client/orchestration-status';
export type { PurgeFilter, RuntimeStatusFilter, StatusPage, StatusQuery } from './client/status-query';
export { OrchestrationHandle } from './client/orchestration-handle';
export type { OrchestrationStarter, OrchestrationStarters, TypedStartOptions } from './client/typed-orchestration-starters';
export type { EntityClientProxies, EntityClientProxy } from './client/typed-entity-client-proxies';

// Generated code
export { generatedRegistrations } from './registry/generated-registrations';
export type { CodegenManifest } from './registry/generated-registrations';
export type { DurableSchemas, InputSchema, InputTarget, InputValidator } from './model/input-schemas';

// Host
export { createDurableHost, DurableHost } from './host/durable-host';
export type { DurableHostOptions } from './host/durable-host';
export type { BacklogHealth, HostHealth, LoopHealth } from './host/host-health';
export type { InstanceCacheStats } from './worker/instance-cache';
export type { StorageHealthState } from './worker/storage-health';
export { loadHostConfig } from './host/config/load-host-config';
export { replayCheck } from './host/replay-check/replay-check';
export type { ReplayCheckOptions, ReplayCheckReport, ReplayMismatch } from './host/replay-check/replay-check';
export { exportHistory, HISTORY_EXPORT_FORMAT, parseHistoryExports } from './host/replay-check/history-export';
export type { HistoryExport } from './host/replay-check/history-export';
export { fileHistories, storedHistories } from './host/replay-check/history-sources';
export type { StoredHistoryFilter } from './host/replay-check/history-sources';
export type { LoadHostConfigOptions } from './host/config/load-host-config';
export type { HostConfig, PostgresStorageConfig, StorageProviderConfig, SqliteStorageConfig } from './host/config/host-config';
export { CLOCK, DURABLE_LOGGER, HOST_CONFIG } from './host/injection-tokens';
export { EnvironmentHttpSecretResolver, HTTP_SECRET_RESOLVER, httpSecretEnvVariable } from './host/http-secret-resolver';
export type { HttpSecretResolver } from './host/http-secret-resolver';

// HTTP
export { HttpTrigger, HttpTriggers } from './decorators/http-trigger.decorator';
export type { HttpTriggerOptions } from './decorators/http-trigger.decorator';
export type { AuthLevel, HttpMethod } from './decorators/http-trigger-metadata';
export { createHttpServer } from './http/http-server';
export type { HttpServerOptions } from './http/http-server';
export { DEFAULT_BODY_LIMIT_BYTES, DURABLETASK_WEBHOOK_PATH } from './http/http-config';
export type { HttpServerConfig } from './http/http-config';
export { HttpTriggerHelpers, DEFAULT_WAIT_TIMEOUT_MS, DEFAULT_WAIT_INTERVAL_MS, type WaitForCompletionResponseOptions } from './http/http-trigger-helpers';
export type { HttpManagementPayload } from './http/check-status-payload';
export type { HttpResponse } from './http/http-response';
export type { HttpTriggerRequest } from './http/http-trigger-request';
export type { AppTriggerSource, TriggerClass } from './http/app-triggers';
export type { StatusResponsePayload } from './http/status-response';
export type { HistoryEventView } from './http/history-view';
export type { EntityCatalog } from './http/entity-catalog';
export type { EntityStatusPayload } from './http/entity-routes';
export { HttpProblem } from './http/http-problem';
export type { ErrorBody, HttpProblemCode } from './http/http-problem';

// Storage
export type { StorageProvider, StorageChange } from './storage/storage-provider';
export type { DataConverter, PayloadCodec } from './storage/payload/payload-codec';
export { PayloadStorageProvider } from './storage/payload/payload-storage-provider';
export type { PayloadStorageOptions } from './storage/payload/payload-storage-provider';
export { SqliteStorageProvider, createSqliteStorageProvider } from './storage/sqlite';
export type { SqliteStorageOptions, SqliteSynchronousMode } from './storage/sqlite';
export { PostgresStorageProvider, createPostgresStorageProvider } from './storage/postgres';
export type { PostgresStorageOptions } from './storage/postgres';

// Telemetry (OpenTelemetry, through @opentelemetry/api: the app registers its own SDK)
export { DurableIdGenerator } from './telemetry/durable-id-generator';
export { INSTRUMENTATION_SCOPE } from './telemetry/durable-tracer';
export type { TraceContext } from './model/trace-context';
export type { PendingWork, PendingWorkCount } from './storage/storage-records';

// Model
export type { Clock } from './model/clock';
export type { Logger } from './model/logger';
export type { FailureDetails } from './model/failure-details';
export type { HistoryEvent, HistoryEventType } from './model/history-event';
export type { RuntimeStatus } from './model/runtime-status';
export { RUNTIME_STATUSES, isTerminalStatus } from './model/runtime-status';
export { EntityOperationFailedError } from './model/errors/entity-operation-failed-error';
export { LockingRulesViolationError } from './model/errors/locking-rules-violation-error';
export type { LockingRule } from './model/errors/locking-rules-violation-error';
export { DurableError, isDurableError, isDurableErrorWithCode } from './model/errors/durable-error';
export type { DurableErrorCode } from './model/errors/durable-error';
export { CompilerOptionsError } from './model/errors/compiler-options-error';
export type { MissingCompilerOption } from './model/errors/compiler-options-error';
export { ConfigurationError } from './model/errors/configuration-error';
export { CustomStatusTooLargeError } from './model/errors/custom-status-too-large-error';
export { PayloadTooLargeError } from './model/errors/payload-too-large-error';
export { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PAYLOAD_COMPRESSION_THRESHOLD_BYTES } from './model/payload-limits';
export { DuplicateFunctionNameError } from './model/errors/duplicate-function-name-error';
export { FunctionNotFoundError } from './model/errors/function-not-found-error';
export { HostNotRunningError } from './model/errors/host-not-running-error';
export { InstanceAlreadyExistsError } from './model/errors/instance-already-exists-error';
export { InstanceNotFailedError } from './model/errors/instance-not-failed-error';
export { InstanceNotFoundError } from './model/errors/instance-not-found-error';
export { InstanceNotRunningError } from './model/errors/instance-not-running-error';
export { InstanceStillRunningError } from './model/errors/instance-still-running-error';
export { InputValidationError } from './model/errors/input-validation-error';
export { InvalidArgumentError } from './model/errors/invalid-argument-error';
export { ActivityTimeoutError, type ActivityTimeoutSource } from './model/errors/activity-timeout-error';
export type { ActivityContext } from './model/activity-context';
export { HttpRequestFailedError } from './model/errors/http-request-failed-error';
export { HttpSecretNotFoundError } from './model/errors/http-secret-not-found-error';
export { InvalidFunctionNameError } from './model/errors/invalid-function-name-error';
export { InvalidInstanceIdError } from './model/errors/invalid-instance-id-error';
export type { InstanceIdReuse } from './model/instance-id';
export { InvalidRegistrationError } from './model/errors/invalid-registration-error';
export { NonDeterministicOrchestrationError } from './model/errors/non-deterministic-orchestration-error';
export { NotJsonSerializableError } from './model/errors/not-json-serializable-error';
export { OrchestrationContextRequiredError } from './model/errors/orchestration-context-required-error';
export { PoisonWorkItemError } from './model/errors/poison-work-item-error';
export { StorageError } from './model/errors/storage-error';
export { StorageUnavailableError } from './model/errors/storage-unavailable-error';
export { TaskFailedError } from './model/errors/task-failed-error';
export { UnauthenticatedListenError } from './model/errors/unauthenticated-listen-error';
export { WaitTimeoutError } from './model/errors/wait-timeout-error';

// Testing helpers
export { HistoryBuilder } from './testing/history-builder';
export { VirtualClock } from './testing/virtual-clock';
