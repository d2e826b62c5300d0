/**
 * One timer for every simulated session (a timer per stream would cost hundreds of wake-ups per frame interval
 * with many streams). Runs only while at least one session is registered.
 */
const TICK_MS = 10;

export class Ticker {
  private readonly tasks = new Set<() => void>();
  private timer?: NodeJS.Timeout;

  add(task: () => void): () => void {
    this.tasks.add(task);
    this.timer ??= setInterval(() => {
      for (const t of this.tasks) t();
    }, TICK_MS);
    return () => {
      this.tasks.delete(task);
      if (this.tasks.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  get size(): number {
    return this.tasks.size;
  }
}
