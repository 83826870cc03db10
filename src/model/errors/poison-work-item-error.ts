import { DurableError } from './durable-error';

/** A work item was claimed more times than allowed without finishing: it is failed, not retried. */
export class PoisonWorkItemError extends DurableError {
  readonly code = 'POISON_WORK_ITEM' as const;
  constructor(
    readonly kind: 'orchestration' | 'activity' | 'entity operation',
    readonly functionName: string,
    readonly instanceId: string,
    readonly dequeueCount: number,
  ) {
    super(
      `The ${kind} '${functionName}' of instance '${instanceId}' was claimed ${dequeueCount} times without finishing ` +
        '(its worker crashed or lost its lease each time); it is failed instead of being retried forever. ' +
        'Raise maxDequeueCount in host.json to allow more attempts.',
    );
  }
}
