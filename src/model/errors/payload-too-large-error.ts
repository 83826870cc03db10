import { DurableError } from './durable-error';

/**
 * A payload (an input, output, event data, entity state, custom status or activity result) whose
 * JSON is larger than the host's `maxPayloadSizeInBytes`. Nothing is stored when it is thrown.
 */
export class PayloadTooLargeError extends DurableError {
  readonly code = 'PAYLOAD_TOO_LARGE' as const;
  constructor(
    /** What the payload is, e.g. "Input of orchestration 'Report'". */
    readonly what: string,
    readonly sizeInBytes: number,
    readonly limitInBytes: number,
  ) {
    super(
      `${what} is ${sizeInBytes} bytes of JSON; at most ${limitInBytes} bytes are accepted ` +
        '(extensions.durableTask.maxPayloadSizeInBytes). Pass a reference to the data (a blob or file name) instead, or raise the limit.',
    );
  }
}
