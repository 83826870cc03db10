import { Orchestrator, TaskFailedError, type OrchestrationContext } from 'durable-ts';
import type { Booking, TripRequest } from './trip-booking.activities';

/** The outcome of a trip booking: every booking, or the failure and the compensations that ran. */
export type TripResult =
  | { readonly status: 'booked'; readonly bookings: readonly Booking[] }
  | { readonly status: 'compensated'; readonly failure: string; readonly compensations: readonly string[] };

/**
 * The compensation (saga) pattern of the docs: book a car, a hotel and a flight in turn; when a
 * step fails, undo the steps that succeeded, most recent first, each compensation a durable
 * activity (so a crash in the middle resumes the undo, it does not forget it).
 */
@Orchestrator('Saga_BookTrip')
export class BookTrip {
  async run(ctx: OrchestrationContext<TripRequest>): Promise<TripResult> {
    const request = ctx.getInput();
    const done: Booking[] = [];
    try {
      done.push(await ctx.activities.Saga_ReserveCar(request));
      done.push(await ctx.activities.Saga_ReserveHotel(request));
      done.push(await ctx.activities.Saga_ReserveFlight(request));
      return { status: 'booked', bookings: done };
    } catch (error) {
      if (!(error instanceof TaskFailedError)) throw error;
      const compensations: string[] = [];
      for (const booking of [...done].reverse()) compensations.push(await ctx.activities.Saga_CancelBooking(booking));
      return { status: 'compensated', failure: error.failureDetails.message, compensations };
    }
  }
}
