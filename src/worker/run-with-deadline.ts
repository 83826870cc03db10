/**
 * Runs `work` with an AbortSignal. With a `timeoutMs`, the first of the work and the deadline
 * wins: at the deadline the signal is aborted with `timeoutError()` as its reason and the returned
 * promise rejects with it, so the caller frees the slot at once; whatever the work settles with
 * afterwards is dropped (a late result must not reach history twice). Without one, this is
 * just `work(signal)`.
 */
export async function runWithDeadline<T>(timeoutMs: number | null, work: (signal: AbortSignal) => Promise<T> | T, timeoutError: () => Error): Promise<T> {
  const controller = new AbortController();
  if (timeoutMs === null) return work(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = timeoutError();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = Promise.resolve().then(() => work(controller.signal));
  // Once the deadline has won, the work's late rejection has no one to handle it: drop it here.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
