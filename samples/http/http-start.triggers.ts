import { DurableClient, HttpTrigger, HttpTriggers, type HttpTriggerHelpers, type HttpResponse, type HttpTriggerRequest } from 'durable-ts';

/** The documented starter function: `POST /api/orchestrators/{functionName}/{instanceId?}`. */
@HttpTriggers()
export class HttpStart {
  constructor(private readonly client: DurableClient) {}

  /** Starts the named orchestrator with the JSON body (if any) as its input; answers with the check-status response. */
  @HttpTrigger({ route: 'orchestrators/{functionName}/{instanceId?}', methods: ['POST'] })
  async start(request: HttpTriggerRequest<{ functionName: string; instanceId?: string }>, http: HttpTriggerHelpers): Promise<HttpResponse> {
    const { functionName, instanceId } = request.params;
    const id = await this.client.startNew(functionName, { instanceId, input: request.json() });
    return http.createCheckStatusResponse(request, id);
  }
}
