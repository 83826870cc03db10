import { injectable } from 'durable-ts';

/**
 * The weather source of the Durable Functions monitor sample (E3_Monitor, "weather watcher").
 * The documented sample asks Weather Underground; here any `WeatherService` registered in the
 * container under WEATHER_SERVICE answers, and the default is the local, scriptable one below.
 */
export interface Location {
  readonly city: string;
  readonly state: string;
}

/** The sample's conditions, as in the documented C# sample's `WeatherCondition` enum. */
export type WeatherCondition = 'Clear' | 'Precipitation' | 'Other';

export interface WeatherService {
  getCurrentConditions(location: Location): Promise<WeatherCondition> | WeatherCondition;
}

/** Injection token of the weather source (`@inject(WEATHER_SERVICE)`). */
export const WEATHER_SERVICE = Symbol.for('durable-ts-samples:WeatherService');

/**
 * Weather without a network: each location reports its scripted conditions one check at a time,
 * then `fallback` ('Clear' unless set). Records every check.
 */
@injectable()
export class LocalWeatherService implements WeatherService {
  /** Every location asked about, in order. */
  readonly checks: Location[] = [];
  private readonly scripts = new Map<string, WeatherCondition[]>();
  private fallback: WeatherCondition = 'Clear';

  /** The next checks of `location` report `conditions`, in order. */
  script(location: Location, conditions: readonly WeatherCondition[]): this {
    this.scripts.set(keyOf(location), [...conditions]);
    return this;
  }

  /** What every check reports once a location's script is used up. */
  otherwise(condition: WeatherCondition): this {
    this.fallback = condition;
    return this;
  }

  getCurrentConditions(location: Location): WeatherCondition {
    this.checks.push({ city: location.city, state: location.state });
    return this.scripts.get(keyOf(location))?.shift() ?? this.fallback;
  }
}

function keyOf(location: Location): string {
  return `${location.city}, ${location.state}`.toLowerCase();
}
