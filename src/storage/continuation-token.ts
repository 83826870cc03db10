import { InvalidArgumentError } from '../model/errors/invalid-argument-error';

/** Where a page ended: the creation time and id of its last instance. */
export interface PageCursor {
  readonly createdAt: number;
  readonly instanceId: string;
}

/** An opaque token for the next page (base64url of the cursor). */
export function encodeContinuationToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.instanceId]), 'utf8').toString('base64url');
}

/** Reads a token from `encodeContinuationToken`; anything else is an InvalidArgumentError. */
export function decodeContinuationToken(token: string): PageCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && value[1].length <= 256) {
      return { createdAt: value[0] as number, instanceId: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError('continuation token', 'it was not returned by a previous query of this hub');
}
