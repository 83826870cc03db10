import { DurableError } from './durable-error';

/** The storage provider failed (could not open, corrupt file, lost connection). */
export class StorageError extends DurableError {
  readonly code = 'STORAGE_FAILURE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
