import { Activities, Activity } from 'durable-ts';

/** What to book: the destination, and (for trying the sample) which step should fail. */
export interface TripRequest {
  readonly destination: string;
  /** Make this booking step fail, to see the compensations run. */
  readonly failAt?: 'car' | 'hotel' | 'flight';
}

/** A booking made by one step, which its compensation cancels. */
export interface Booking {
  readonly kind: 'car' | 'hotel' | 'flight';
  readonly reference: string;
}

/**
 * The steps of the compensation (saga) sample and their compensations. A real app would call a
 * booking service here; these make a reference, or fail when the request says so.
 */
@Activities()
export class TripBookingActivities {
  @Activity('Saga_ReserveCar')
  reserveCar(request: TripRequest): Booking {
    return book('car', request);
  }

  @Activity('Saga_ReserveHotel')
  reserveHotel(request: TripRequest): Booking {
    return book('hotel', request);
  }

  @Activity('Saga_ReserveFlight')
  reserveFlight(request: TripRequest): Booking {
    return book('flight', request);
  }

  /** Compensation of any step: cancels the booking it made; returns what it cancelled. */
  @Activity('Saga_CancelBooking')
  cancelBooking(booking: Booking): string {
    return `cancelled ${booking.kind} ${booking.reference}`;
  }
}

function book(kind: Booking['kind'], request: TripRequest): Booking {
  if (request.failAt === kind) throw new Error(`no ${kind} available for ${request.destination}`);
  return { kind, reference: `${kind}-${request.destination}` };
}
