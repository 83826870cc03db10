import { DurableTask } from './durable-task';

/** A durable timer. Cancel it when it lost a race, so it never wakes the orchestration. */
export class TimerTask extends DurableTask<void> {
  private cancelledFlag = false;

  constructor(
    /** The timer's sequence number (its TimerCreated eventId). */
    readonly id: number,
    readonly fireAt: Date,
  ) {
    super();
  }

  get isCancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Stops the timer from ever completing; harmless after it fired. */
  cancel(): void {
    if (!this.isCompleted) this.cancelledFlag = true;
  }

  override complete(value: void): boolean {
    return this.cancelledFlag ? false : super.complete(value);
  }
}
