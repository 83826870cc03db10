import { Activities, Activity, inject, registry } from 'durable-ts';
import { ALERT_SENDER, LoggingAlertSender, type AlertSender } from './alert-sender';
import { LocalWeatherService, WEATHER_SERVICE, type Location, type WeatherService } from './weather-service';

/** The documented sample's alert text. */
export const GOOD_WEATHER_MESSAGE = "The weather's clear outside! Go take a walk!";

/**
 * Activities of the Durable Functions monitor sample: E3_GetIsClear and E3_SendGoodWeatherAlert.
 * The local weather service and logging sender are the defaults; register other implementations
 * under WEATHER_SERVICE / ALERT_SENDER in the container given to createDurableHost to replace them.
 */
@Activities()
@registry([
  { token: WEATHER_SERVICE, useClass: LocalWeatherService },
  { token: ALERT_SENDER, useClass: LoggingAlertSender },
])
export class MonitorActivities {
  constructor(
    @inject(WEATHER_SERVICE) private readonly weather: WeatherService,
    @inject(ALERT_SENDER) private readonly alerts: AlertSender,
  ) {}

  /** True when the location's current conditions are clear. */
  @Activity('E3_GetIsClear')
  async getIsClear(location: Location): Promise<boolean> {
    return (await this.weather.getCurrentConditions(location)) === 'Clear';
  }

  @Activity('E3_SendGoodWeatherAlert')
  async sendGoodWeatherAlert(phone: string): Promise<void> {
    await this.alerts.send(phone, GOOD_WEATHER_MESSAGE);
  }
}
