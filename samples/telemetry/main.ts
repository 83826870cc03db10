import { createDurableHost } from 'durable-ts';
import { durableFunctions } from '../generated/durable-functions';
import { registerSampleTelemetry } from './register-telemetry';
import { metricLines, spanTree } from './telemetry-report';

/**
 * The Hello Sequence with OpenTelemetry: registers the SDK (in-memory exporters), runs one
 * instance and prints its trace as a tree and the framework's metrics. Opt-in: after `npm run
 * build`, `node dist/samples/telemetry/main.js`.
 */
async function main(): Promise<void> {
  const telemetry = registerSampleTelemetry();
  const host = await createDurableHost({ functions: durableFunctions });
  await host.start();
  try {
    const instance = await host.client.orchestrations.E1_HelloSequence.start();
    const status = await instance.waitForCompletion({ timeoutMs: 30_000 });
    console.log(`instance ${status.instanceId}: ${status.runtimeStatus} ${JSON.stringify(status.output)}\n`);
    const root = telemetry.spans.getFinishedSpans().find((s) => s.attributes['durable.instance.id'] === status.instanceId);
    if (root !== undefined) console.log(spanTree(telemetry.spans.getFinishedSpans(), root.spanContext().traceId).join('\n'));
    await telemetry.flushMetrics();
    console.log(`\n${metricLines(telemetry.metrics).join('\n')}`);
  } finally {
    await host.stop();
    await telemetry.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
