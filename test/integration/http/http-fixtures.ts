import { Activities, Activity, DurableClient, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { HttpTrigger, HttpTriggers } from '../../../src/decorators/http-trigger.decorator';
import type { HttpTriggerHelpers } from '../../../src/http/http-trigger-helpers';
import type { HttpResponse } from '../../../src/http/http-response';
import type { HttpTriggerRequest } from '../../../src/http/http-trigger-request';

/** A gate the test opens: the `Hold` activity waits for it, so its instance stays Running. */
export const holdGate = {
  release: (): void => {},
  promise: Promise.resolve(),
  reset(): void {
    this.promise = new Promise<void>((resolve) => (this.release = resolve));
  },
};

/** While `broken`, the `FlakyStep` activity fails: an instance that ran it can be rewound once it is fixed. */
export const flakyWorld = { broken: true };

@Activities()
export class HttpTestActivities {
  @Activity('FlakyStep')
  flakyStep(value: string): string {
    if (flakyWorld.broken) throw new Error(`flaky step is broken for ${value}`);
    return `fixed ${value}`;
  }

  @Activity('Hold')
  async hold(value: string): Promise<string> {
    await holdGate.promise;
    return `held ${value}`;
  }

  @Activity('Explode')
  explode(what: string): string {
    throw new TypeError(`cannot ${what}`);
  }
}

/** Runs until the test releases the hold gate. */
@Orchestrator('HeldOrchestrator')
export class HeldOrchestrator {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('Hold', ctx.getInput());
  }
}

/** Fails through a failing activity. */
@Orchestrator('ExplodingOrchestrator')
export class ExplodingOrchestrator {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('Explode', ctx.getInput());
  }
}

/** Echoes its input back as output. */
@Orchestrator('EchoOrchestrator')
export class EchoOrchestrator {
  async run(ctx: OrchestrationContext<unknown>): Promise<unknown> {
    return { received: ctx.getInput() ?? null };
  }
}

/** Fails while `flakyWorld.broken`; completes after a rewind once it is not. */
@Orchestrator('FlakyOrchestrator')
export class FlakyOrchestrator {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('FlakyStep', ctx.getInput() ?? 'x');
  }
}

/** Waits for an `Approval` event and returns its data; `ctx.setCustomStatus` says it is waiting. */
@Orchestrator('ApprovalOrchestrator')
export class ApprovalOrchestrator {
  async run(ctx: OrchestrationContext<unknown>): Promise<unknown> {
    ctx.setCustomStatus('waiting');
    const approval = await ctx.waitForExternalEvent<unknown>('Approval');
    return { approval: approval ?? null };
  }
}

export const httpTestFunctions = [HttpTestActivities, HeldOrchestrator, ExplodingOrchestrator, EchoOrchestrator, FlakyOrchestrator, ApprovalOrchestrator];

/** App triggers with route parameters and an injected DurableClient. */
@HttpTriggers()
export class OrderTriggers {
  constructor(private readonly client: DurableClient) {}

  @HttpTrigger({ route: 'orders/{orderId}/items/{item?}', methods: ['GET'] })
  describe(request: HttpTriggerRequest<{ orderId: string; item?: string }>): Record<string, unknown> {
    return {
      orderId: request.params.orderId,
      item: request.params.item ?? null,
      q: request.query.getAll('q'),
      hub: this.client.taskHubName,
      method: request.method,
      url: request.url,
      agent: request.headers['user-agent'] ?? null,
    };
  }

  @HttpTrigger({ route: '/orders/{orderId}/', methods: ['PUT'] })
  async place(request: HttpTriggerRequest<{ orderId: string }>, http: HttpTriggerHelpers): Promise<HttpResponse> {
    const id = await this.client.startNew('EchoOrchestrator', { instanceId: `order-${request.params.orderId}`, input: request.body });
    return http.createCheckStatusResponse(request, id);
  }

  @HttpTrigger({ route: 'orders/{orderId}/payload', methods: ['GET'] })
  payload(request: HttpTriggerRequest<{ orderId: string }>, http: HttpTriggerHelpers): unknown {
    return http.createHttpManagementPayload(request.params.orderId);
  }

  @HttpTrigger({ route: 'echo-body', methods: ['POST'] })
  echoBody(request: HttpTriggerRequest): HttpResponse {
    const body = request.body;
    const kind = body === undefined ? 'none' : Buffer.isBuffer(body) ? 'buffer' : typeof body;
    return { status: 200, body: { kind, value: Buffer.isBuffer(body) ? body.toString('base64') : (body ?? null) } };
  }

  @HttpTrigger({ route: 'teapot', methods: ['GET'] })
  teapot(): HttpResponse {
    return { status: 418, headers: { 'x-brew': 'earl grey', 'content-type': 'text/plain; charset=utf-8' }, body: 'I am a teapot' };
  }

  @HttpTrigger({ route: 'nothing', methods: ['DELETE'] })
  nothing(): void {}

  @HttpTrigger({ route: 'boom' })
  boom(): never {
    throw new Error('kaput: /secret/path');
  }

  @HttpTrigger({ route: 'missing-orchestrator', methods: ['POST'] })
  async missing(): Promise<string> {
    return this.client.startNew('NoSuchOrchestrator');
  }
}
