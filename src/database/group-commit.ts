/** One member's outcome of a batch: its own value or its own error, so one member's failure is not the others'. */
export type Settled<T> = { value: T } | { error: unknown };

interface Waiting<I, O> { item: I; resolve(value: O): void; reject(error: unknown): void }

/**
 * Group commit per key: items for a key that arrive while a batch for that key runs are taken together in the next
 * batch (at most `cap`). No timer: an item arriving when nothing runs for its key starts at once, alone.
 */
export class GroupCommit<K, I, O> {
  private readonly queues = new Map<K, Array<Waiting<I, O>>>();

  constructor(private readonly run: (key: K, items: I[]) => Promise<Array<Settled<O>>>, private readonly cap = 100) {}

  add(key: K, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: K): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length) {
      const batch = queue.splice(0, this.cap);
      try {
        const outcomes = await this.run(key, batch.map((w) => w.item));
        batch.forEach((w, i) => {
          const outcome = outcomes[i];
          if ('value' in outcome) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.queues.delete(key);
  }
}
