import { Orchestrator, TaskFailedError, type DurableHttpRequest, type DurableHttpResponse, type OrchestrationContext } from 'durable-ts';

/** Returns the response of one ctx.callHttp. */
@Orchestrator('HttpCaller')
export class HttpCaller {
  async run(ctx: OrchestrationContext<DurableHttpRequest>): Promise<DurableHttpResponse> {
    return ctx.callHttp(ctx.getInput());
  }
}

/** Calls two URLs in parallel through ctx.all. */
@Orchestrator('HttpFanOut')
export class HttpFanOut {
  async run(ctx: OrchestrationContext<{ first: DurableHttpRequest; second: DurableHttpRequest }>): Promise<number[]> {
    const { first, second } = ctx.getInput();
    const [a, b] = await ctx.all([ctx.callHttp(first), ctx.callHttp(second)]);
    return [a.statusCode, b.statusCode];
  }
}

/** Catches what ctx.callHttp throws, synchronously or from the task. */
@Orchestrator('HttpCallerCatching')
export class HttpCallerCatching {
  async run(ctx: OrchestrationContext<DurableHttpRequest & { plainCredentialHeader?: string }>): Promise<Record<string, unknown>> {
    const { plainCredentialHeader, ...request } = ctx.getInput();
    try {
      const headers = plainCredentialHeader === undefined ? request.headers : { ...request.headers, [plainCredentialHeader]: 'plain-credential-value' };
      const response = await ctx.callHttp({ ...request, ...(headers !== undefined ? { headers } : {}) });
      return { statusCode: response.statusCode };
    } catch (error) {
      if (error instanceof TaskFailedError) {
        return { taskFailed: true, taskName: error.taskName, errorType: error.failureDetails.errorType, message: error.failureDetails.message };
      }
      const e = error as Error & { code?: string };
      return { taskFailed: false, name: e.name, code: e.code, message: e.message };
    }
  }
}

export const httpFunctions = [HttpCaller, HttpFanOut, HttpCallerCatching];
