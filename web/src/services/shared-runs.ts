// One run per key, shared by every caller: the first request starts it, later ones (and their progress
// listeners) join it; a failed run is forgotten so that the next request tries again.

export class SharedRuns<T, P> {
  private readonly results = new Map<string, Promise<T>>();
  private readonly listeners = new Map<string, Set<(p: P) => void>>();

  constructor(private readonly start: (key: string, report: (p: P) => void) => Promise<T>) {}

  get(key: string, onProgress?: (p: P) => void): Promise<T> {
    if (onProgress) {
      const set = this.listeners.get(key) ?? new Set();
      set.add(onProgress);
      this.listeners.set(key, set);
    }
    let pending = this.results.get(key);
    if (!pending) {
      const report = (p: P) => {
        for (const l of this.listeners.get(key) ?? []) l(p);
      };
      pending = this.start(key, report).finally(() => this.listeners.delete(key));
      pending.catch(() => this.results.delete(key));
      this.results.set(key, pending);
    }
    return pending;
  }

  has(key: string): boolean {
    return this.results.has(key);
  }

  /** Replaces the result for a key (e.g. after a recompute). */
  set(key: string, result: Promise<T>): void {
    this.results.set(key, result);
  }

  delete(key: string): void {
    this.results.delete(key);
  }

  keys(): string[] {
    return [...this.results.keys()];
  }

  peek(key: string): Promise<T> | undefined {
    return this.results.get(key);
  }
}
