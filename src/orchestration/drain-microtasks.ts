/**
 * Resolves once every promise continuation that is ready has run, and before any timer, I/O
 * callback or `setImmediate` can run.
 *
 * This is how the executor lets orchestrator code run "up to its next durable call" and then
 * decides, exactly, whether the code now waits on a durable task. Waiting for the next macrotask
 * (`setImmediate`) instead made that decision racy: a 0 ms timer or a fast I/O callback the code
 * awaited could run first, resume the code inside the window, and hide the non-durable await
 * (about one time in five). Code resumed only by promise continuations finishes its turn inside
 * the microtask queue; anything that needs a macrotask is, by definition, not a durable task.
 *
 * Node drains V8's microtask queue completely before it runs `process.nextTick` callbacks queued
 * during that drain, so a tick queued from a microtask runs after the queue is empty. (Code that
 * itself waits on `process.nextTick` counts as waiting on something non-durable.)
 */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => {
    queueMicrotask(() => process.nextTick(resolve));
  });
}
