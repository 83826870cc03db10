import { isDurableErrorWithCode, type DurableClient, type RuntimeStatus } from 'durable-ts';

/** What `startSingleton` did. */
export type SingletonStart =
  | { readonly started: true; readonly instanceId: string }
  | { readonly started: false; readonly instanceId: string; readonly runtimeStatus: RuntimeStatus; readonly message: string };

/**
 * The Durable Functions singleton sample (HttpStartSingle, without the HTTP part): starts `name`
 * under the fixed `instanceId` unless an instance with that id is still running.
 *
 * The documented sample checks the status first and then starts, which lets two concurrent callers
 * both start. Here the check is `startNew` itself: it refuses an id whose instance has not
 * finished with InstanceAlreadyExistsError, atomically, so exactly one concurrent caller wins.
 * A finished (Completed, Failed, Terminated) instance with that id is replaced.
 */
export async function startSingleton<TInput>(client: DurableClient, instanceId: string, name: string, input?: TInput): Promise<SingletonStart> {
  try {
    await client.startNew(name, { instanceId, ...(input !== undefined ? { input } : {}) });
    return { started: true, instanceId };
  } catch (error) {
    if (!isDurableErrorWithCode(error, 'INSTANCE_ALREADY_EXISTS')) throw error;
    const { runtimeStatus } = error as typeof error & { readonly runtimeStatus: RuntimeStatus };
    return { started: false, instanceId, runtimeStatus, message: `An instance with ID '${instanceId}' already exists.` };
  }
}
