/**
 * Groups of `size` items (the last may be smaller), read from `items` as they come. When `items`
 * fails, the items read before are still handed out as a last group, then the error is thrown: an
 * import writes every whole instance that came before a damaged or missing line.
 */
export async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for await (const item of items) {
      batch.push(item);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}
