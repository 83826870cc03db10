import { createDurableHost } from 'durable-ts';
import { durableFunctions } from './generated/durable-functions';

/** Runs the Hello Sequence sample on the embedded SQLite store and prints its outcome. */
async function main(): Promise<void> {
  const host = await createDurableHost({ functions: durableFunctions });
  await host.start();
  try {
    // Typed by codegen: E1_HelloSequence takes no input and its output is a string[].
    const instance = await host.client.orchestrations.E1_HelloSequence.start();
    const status = await instance.waitForCompletion({ timeoutMs: 30_000 });
    console.log(`instance id:    ${status.instanceId}`);
    console.log(`runtime status: ${status.runtimeStatus}`);
    console.log(`output:         ${JSON.stringify(status.output)}`);
    if (status.runtimeStatus !== 'Completed') process.exitCode = 1;
  } finally {
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
