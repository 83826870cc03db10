import { createDurableHost } from 'durable-ts';
import { durableFunctions } from './generated/durable-functions.js';

/** Runs one order to completion and prints its output and the entity's state as JSON. */
async function main(): Promise<void> {
  const host = await createDurableHost({ functions: durableFunctions });
  await host.start();
  try {
    const order = await host.client.orchestrations.PlaceOrder.start(['Ada', 'Grace']);
    const status = await order.waitForCompletion({ timeoutMs: 30_000 });
    const inventory = await host.client.entities.Inventory('widgets').readState();
    console.log(JSON.stringify({ status: status.runtimeStatus, output: status.output, inventory }));
  } finally {
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
