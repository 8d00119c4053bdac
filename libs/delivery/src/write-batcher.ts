/**
 * Group commit for a statement that concurrent sends would otherwise make one row at a time.
 * Items submitted in the same turn of the event loop, or while the previous statement is still
 * running, go together into the next one (at most `maxBatch`), so a lone item waits for nothing
 * and a busy process makes one round trip and one commit for many rows.
 *
 * Each caller's promise settles with its own item's result, and only after the statement that
 * carried it has finished: a caller that sees it resolved knows its row is committed. When a
 * statement over several items fails (a deadlock, one bad value), each item is tried again on its
 * own, so one item's trouble is reported to that item only.
 */
export interface WriteBatcherOptions<I> {
  /** Most items in one statement. */
  maxBatch?: number;
  /** Items with the same key never share a statement: the later ones wait for the next. */
  key?: (item: I) => string;
  /**
   * How long the first item of an idle batcher waits for company before its statement starts (default 0:
   * the next turn of the event loop). A few ms let items that arrive one by one share a statement.
   */
  lingerMs?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly key: ((item: I) => string) | null;
  private readonly lingerMs: number;

  /** `run` answers one result per item, in the items' order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    options: WriteBatcherOptions<I> = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
    this.key = options.key ?? null;
    this.lingerMs = Math.max(0, options.lingerMs ?? 0);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a statement or in the one running. */
  get size(): number {
    return this.queue.length;
  }

  /**
   * Starts the next statement: after `lingerMs` when the batcher was idle, at once when the items came while a
   * statement ran (they have waited that long already, and lingering again would only add to every send's time).
   */
  private schedule(afterRun = false): void {
    if (this.running || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (!afterRun && this.lingerMs > 0 && this.queue.length < this.maxBatch) setTimeout(go, this.lingerMs);
    else setImmediate(go);
  }

  private take(): Waiting<I, O>[] {
    if (!this.key) return this.queue.splice(0, this.maxBatch);
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    const seen = new Set<string>();
    for (const waiting of this.queue) {
      const key = this.key(waiting.item);
      if (batch.length < this.maxBatch && !seen.has(key)) {
        seen.add(key);
        batch.push(waiting);
      } else {
        rest.push(waiting);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.take();
    try {
      await this.execute(batch);
    } finally {
      this.running = false;
      this.schedule(true);
    }
  }

  private async execute(batch: Waiting<I, O>[]): Promise<void> {
    let results: O[];
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      await Promise.all(batch.map((w) => this.execute([w])));
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]));
  }
}
