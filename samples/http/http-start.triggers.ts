import { HttpTrigger, HttpTriggers, type HttpTriggerHelpers, type HttpResponse, type HttpTriggerRequest } from 'durable-ts';

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
}
