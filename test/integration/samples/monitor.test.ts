import { afterEach, describe, expect, it } from 'vitest';
import { isTerminalStatus, VirtualClock, type OrchestrationStatus } from 'durable-ts';
import { ALERT_SENDER, LoggingAlertSender } from '../../../samples/monitor/alert-sender';
import { GOOD_WEATHER_MESSAGE, MonitorActivities } from '../../../samples/monitor/monitor.activities';
import { MONITOR_EXPIRY_MS, MONITOR_POLLING_INTERVAL_MS, WeatherMonitor, type MonitorRequest } from '../../../samples/monitor/monitor.orchestrator';
import { LocalWeatherService, WEATHER_SERVICE } from '../../../samples/monitor/weather-service';
import { silentLogger, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { historyOf, MINUTE, startSampleHost } from './support/sample-host';

const request: MonitorRequest = { location: { city: 'Redmond', state: 'WA' }, phone: '+1 425 555 0100' };

describe('monitor sample: E3_Monitor weather watcher', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function startHost(clock: VirtualClock, weather: LocalWeatherService): Promise<{ host: TestHost; alerts: LoggingAlertSender }> {
    const alerts = new LoggingAlertSender(silentLogger);
    t = await startSampleHost([WeatherMonitor, MonitorActivities], (c) => {
      c.registerInstance(WEATHER_SERVICE, weather);
      c.registerInstance(ALERT_SENDER, alerts);
    }, clock);
    return { host: t, alerts };
  }

  /** Fires each polling timer as it appears, until the instance finishes; returns the fire times. */
  async function runToEnd(host: TestHost, clock: VirtualClock, id: string): Promise<{ status: OrchestrationStatus; fireTimes: number[] }> {
    const fireTimes: number[] = [];
    for (;;) {
      const next = await waitFor<{ status: OrchestrationStatus } | { fireAt: number }>(async () => {
        const status = await host.host.client.getStatus(id);
        if (status !== undefined && isTerminalStatus(status.runtimeStatus)) return { status };
        const timer = (await historyOf(host, id)).filter((e) => e.type === 'TimerCreated')[fireTimes.length];
        return timer?.type === 'TimerCreated' ? { fireAt: Date.parse(timer.fireAt) } : undefined;
      }, 'the next polling timer or the end');
      if ('status' in next) return { status: next.status, fireTimes };
      fireTimes.push(next.fireAt);
      clock.advanceTo(next.fireAt);
    }
  }

  it('polls every 30 minutes on a durable timer and alerts once when the weather clears on the 3rd check', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const weather = new LocalWeatherService().script(request.location, ['Precipitation', 'Other', 'Clear']).otherwise('Precipitation');
    const { host, alerts } = await startHost(clock, weather);
    const id = await host.host.client.startNew('E3_Monitor', { input: request });

    const { status, fireTimes } = await runToEnd(host, clock, id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(fireTimes.map((at) => at - start)).toEqual([30 * MINUTE, 60 * MINUTE]);
    expect(weather.checks).toEqual([request.location, request.location, request.location]);
    expect(alerts.sent).toEqual([{ phone: request.phone, message: GOOD_WEATHER_MESSAGE }]);
    const history = await historyOf(host, id);
    expect(history.filter((e) => e.type === 'TaskScheduled' && e.name === 'E3_SendGoodWeatherAlert')).toHaveLength(1);
  });

  it('gives up without an alert when the weather never clears within 6 hours', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const weather = new LocalWeatherService().otherwise('Precipitation');
    const { host, alerts } = await startHost(clock, weather);
    const id = await host.host.client.startNew('E3_Monitor', { input: request });

    const { status, fireTimes } = await runToEnd(host, clock, id);
    expect(status.runtimeStatus).toBe('Completed');
    const checks = MONITOR_EXPIRY_MS / MONITOR_POLLING_INTERVAL_MS;
    expect(weather.checks).toHaveLength(checks);
    expect(fireTimes).toHaveLength(checks);
    expect(fireTimes.at(-1)).toBe(start + MONITOR_EXPIRY_MS);
    expect(alerts.sent).toEqual([]);
  });

  it('fails at once, with the documented message, when the phone number is missing', async () => {
    const clock = new VirtualClock();
    const { host } = await startHost(clock, new LocalWeatherService());
    const id = await host.host.client.startNew('E3_Monitor', { input: { location: request.location } });
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.message).toBe('A phone number input is required.');
  });
});
