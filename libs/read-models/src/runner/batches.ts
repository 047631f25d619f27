const NOT_READY = Symbol('not-ready');

/**
 * Groups an async stream into batches of what is already available, up to `max`: while a subscription catches up
 * (events come from a page in memory) batches fill up; when live (the next event needs I/O) each batch holds what
 * has arrived, often one event. An item is "available" if it resolves before the event loop's next check phase.
 */
export async function* batches<T>(
  source: AsyncIterable<T>,
  max: number,
  /** Called for every item taken from `source`, before its batch is yielded. */
  onItem?: () => void,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done) return;
      onItem?.();
      const batch = [first.value];
      // One check-phase tick per batch: everything that resolves before it is "available now".
      const tick = new Promise<typeof NOT_READY>((r) => setImmediate(r, NOT_READY));
      while (batch.length < max) {
        pending = iterator.next();
        const next = await Promise.race([pending, tick]);
        if (next === NOT_READY) break;
        pending = undefined;
        if (next.done) {
          yield batch;
          return;
        }
        onItem?.();
        batch.push(next.value);
      }
      yield batch;
    }
  } finally {
    // With a next() in flight (a live subscription waiting for events) return() would queue behind it and hang;
    // the owner closes the subscription, which settles both.
    if (pending) void iterator.return?.();
    else await iterator.return?.();
  }
}

/**
 * Batches from a source that already delivers pages (a subscription's `pages()`): each page as one batch, split only
 * if it holds more than `max`. No async step per item, and a page is exactly what was available when it was read.
 */
export async function* pageBatches<T>(pages: AsyncIterable<readonly T[]>, max: number): AsyncGenerator<readonly T[]> {
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (;;) {
      // Held only while its batches are out: a page kept while the next one is read would survive collections.
      let page: readonly T[] | undefined = (await iterator.next()).value;
      if (page === undefined) return;
      if (page.length <= max) yield page;
      else for (let i = 0; i < page.length; i += max) yield page.slice(i, i + max);
      page = undefined;
    }
  } finally {
    await iterator.return?.();
  }
}
