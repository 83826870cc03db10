/** Tokens for `@inject(...)` of what the host provides besides DurableClient (injected by class). */
export const HOST_CONFIG = Symbol.for('durable-ts:HostConfig');
export const DURABLE_LOGGER = Symbol.for('durable-ts:Logger');
export const CLOCK = Symbol.for('durable-ts:Clock');
