import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import type { Location } from './weather-service';

/** Input of E3_Monitor. */
export interface MonitorRequest {
  readonly location: Location;
  readonly phone: string;
}

/** Wait between two checks of the weather. */
export const MONITOR_POLLING_INTERVAL_MS = 30 * 60 * 1000;
/** How long a monitor watches before it gives up. */
export const MONITOR_EXPIRY_MS = 6 * 60 * 60 * 1000;

/**
 * The Durable Functions monitor sample (E3_Monitor, "weather watcher"): checks the weather at a
 * location every 30 minutes on a durable timer until it is clear, then alerts the phone once; it
 * gives up 6 hours after it started.
 */
@Orchestrator('E3_Monitor')
export class WeatherMonitor {
  async run(ctx: OrchestrationContext<MonitorRequest>): Promise<void> {
    const input = ctx.getInput();
    verifyRequest(input);
    const where = `${input.location.city}, ${input.location.state}`;
    const endTime = ctx.currentUtcDateTime.getTime() + MONITOR_EXPIRY_MS;
    ctx.log.info(`Instantiating monitor for ${where}. Expires: ${new Date(endTime).toISOString()}.`);

    while (ctx.currentUtcDateTime.getTime() < endTime) {
      ctx.log.info(`Checking current weather conditions for ${where} at ${ctx.currentUtcDateTime.toISOString()}.`);
      const isClear = await ctx.callActivity<boolean>('E3_GetIsClear', input.location);
      if (isClear) {
        ctx.log.info(`Detected clear weather for ${where}. Notifying ${input.phone}.`);
        await ctx.callActivity('E3_SendGoodWeatherAlert', input.phone);
        break;
      }
      const nextCheckpoint = new Date(ctx.currentUtcDateTime.getTime() + MONITOR_POLLING_INTERVAL_MS);
      ctx.log.info(`Next check for ${where} at ${nextCheckpoint.toISOString()}.`);
      await ctx.createTimer(nextCheckpoint);
    }
    ctx.log.info('Monitor expiring.');
  }
}

/** The documented sample's input checks, with its messages. */
function verifyRequest(request: MonitorRequest | undefined): asserts request is MonitorRequest {
  if (!request) throw new Error('An input object is required.');
  if (!request.location) throw new Error('A location input is required.');
  if (!request.phone) throw new Error('A phone number input is required.');
}
