import { HttpTrigger, HttpTriggers, InvalidArgumentError, type HttpTriggerHelpers, type HttpResponse, type HttpTriggerRequest } from 'durable-ts';

/**
 * The documented starter function: `POST /api/orchestrators/{functionName}/{instanceId?}`. Its auth
 * level is the default, `function`: with keys configured, callers need a function key (or the
 * system key); without keys (the loopback default) anyone on this machine may call it.
 */
@HttpTriggers()
export class HttpStart {
  /**
   * Starts the named orchestrator with the JSON body (if any) as its input; answers with the
   * check-status response. An id that names an existing instance is refused with 409 unless the
   * caller presented the system key (`http.startNew`), so a starter cannot replace a history.
   */
  @HttpTrigger({ route: 'orchestrators/{functionName}/{instanceId?}', methods: ['POST'] })
  async start(request: HttpTriggerRequest<{ functionName: string; instanceId?: string }>, http: HttpTriggerHelpers): Promise<HttpResponse> {
    const { functionName, instanceId } = request.params;
    const id = await http.startNew(functionName, { instanceId, input: request.json() });
    return http.createCheckStatusResponse(request, id);
  }

  /**
   * The documented synchronous starter (`HttpSyncStart`): starts the orchestrator and answers 200
   * with its output if it finishes within `timeout` seconds (default 10), checking at least every
   * `retryInterval` seconds (default 1); else 202 with the check-status payload. The literal
   * `wait` segment wins over the `{instanceId?}` route above, so `wait` never becomes an id.
   */
  @HttpTrigger({ route: 'orchestrators/{functionName}/wait', methods: ['POST'] })
  async startAndWait(request: HttpTriggerRequest<{ functionName: string }>, http: HttpTriggerHelpers): Promise<HttpResponse> {
    // Read the wait before starting, so a bad query starts nothing.
    const timeoutInMilliseconds = secondsParameter(request, 'timeout', 10);
    const retryIntervalInMilliseconds = Math.min(secondsParameter(request, 'retryInterval', 1), timeoutInMilliseconds);
    const id = await http.startNew(request.params.functionName, { input: request.json() });
    return http.waitForCompletionOrCreateCheckStatusResponse(request, id, { timeoutInMilliseconds, retryIntervalInMilliseconds });
  }
}

/** The longest wait this starter holds a request open for: an open starter must not pin connections. */
const MAX_WAIT_SECONDS = 120;

/** A query parameter in seconds (as in the documented sample), in milliseconds. */
function secondsParameter(request: HttpTriggerRequest, name: string, fallback: number): number {
  const text = request.query.get(name);
  const seconds = text === null ? fallback : Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
    throw new InvalidArgumentError(name, `${JSON.stringify(text)} is not a number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return Math.round(seconds * 1000);
}
