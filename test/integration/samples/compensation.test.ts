import { afterEach, describe, expect, it } from 'vitest';
import { BookTrip } from '../../../samples/compensation/book-trip.orchestrator';
import { TripBookingActivities } from '../../../samples/compensation/trip-booking.activities';
import { startTestHost, type TestHost } from '../../support/test-host';
import { historyOf } from './support/sample-host';

describe('compensation (saga) sample: Saga_BookTrip', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function book(input: object): Promise<{ output: unknown; scheduled: string[] }> {
    t = await startTestHost([BookTrip, TripBookingActivities]);
    const id = await t.host.client.startNew('Saga_BookTrip', { input });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expect(done.runtimeStatus).toBe('Completed');
    const scheduled = (await historyOf(t, id)).flatMap((e) => (e.type === 'TaskScheduled' ? [`${e.name}${e.name === 'Saga_CancelBooking' ? ` ${e.input ?? ''}` : ''}`] : []));
    return { output: done.output, scheduled };
  }

  it('books every step when none fails, and compensates nothing', async () => {
    const { output, scheduled } = await book({ destination: 'Lisbon' });
    expect(output).toEqual({ status: 'booked', bookings: [{ kind: 'car', reference: 'car-Lisbon' }, { kind: 'hotel', reference: 'hotel-Lisbon' }, { kind: 'flight', reference: 'flight-Lisbon' }] });
    expect(scheduled).toEqual(['Saga_ReserveCar', 'Saga_ReserveHotel', 'Saga_ReserveFlight']);
  });

  it('on a failure runs the compensations of the steps that succeeded, in reverse order, each as a durable activity', async () => {
    const { output, scheduled } = await book({ destination: 'Oslo', failAt: 'flight' });
    expect(output).toEqual({ status: 'compensated', failure: 'no flight available for Oslo', compensations: ['cancelled hotel hotel-Oslo', 'cancelled car car-Oslo'] });
    expect(scheduled).toEqual([
      'Saga_ReserveCar',
      'Saga_ReserveHotel',
      'Saga_ReserveFlight',
      'Saga_CancelBooking {"kind":"hotel","reference":"hotel-Oslo"}',
      'Saga_CancelBooking {"kind":"car","reference":"car-Oslo"}',
    ]);
  });

  it('compensates nothing when the first step fails', async () => {
    const { output } = await book({ destination: 'Rome', failAt: 'car' });
    expect(output).toEqual({ status: 'compensated', failure: 'no car available for Rome', compensations: [] });
  });
});
