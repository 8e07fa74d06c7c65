// A small Prometheus metrics registry (text exposition format 0.0.4): counters, gauges and histograms,
// optionally with labels. The edge server's /metrics renders `defaultRegistry`; the live bridge and the
// storage layer register their own metrics there (ingest rate, clients, lag, dropped frames, latency).

export type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Default histogram buckets in seconds (write and request latencies: 0.5 ms … 10 s). */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i])}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

abstract class Metric<S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { values: string[]; state: S }>();
  abstract readonly type: 'counter' | 'gauge' | 'histogram';

  constructor(options: MetricOptions) {
    if (!NAME.test(options.name)) throw new Error(`invalid metric name '${options.name}'`);
    for (const l of options.labelNames ?? []) {
      if (!LABEL_NAME.test(l) || l.startsWith('__') || l === 'le') throw new Error(`invalid label name '${l}' on ${options.name}`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = [...(options.labelNames ?? [])];
  }

  protected abstract initial(): S;

  protected stateFor(labels: Labels = {}): S {
    const values = this.labelNames.map((n) => {
      const v = labels[n];
      if (typeof v !== 'string') throw new Error(`metric ${this.name} needs label '${n}'`);
      return v;
    });
    for (const k of Object.keys(labels)) if (!this.labelNames.includes(k)) throw new Error(`metric ${this.name} has no label '${k}'`);
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, state: this.initial() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  /** Forgets every labelled series (e.g. of a client that went away). */
  reset(): void {
    this.series.clear();
  }

  abstract render(): string[];

  header(): string[] {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
  }
}

export class Counter extends Metric<{ v: number }> {
  readonly type = 'counter';
  protected initial() {
    return { v: 0 };
  }
  inc(amount = 1, labels?: Labels): void {
    if (!(amount >= 0)) throw new Error(`counter ${this.name} can only increase (got ${amount})`);
    this.stateFor(labels).v += amount;
  }
  get(labels?: Labels): number {
    return this.stateFor(labels).v;
  }
  /** The sum over every labelled series. */
  total(): number {
    let sum = 0;
    for (const s of this.series.values()) sum += s.state.v;
    return sum;
  }
  render(): string[] {
    if (this.series.size === 0 && this.labelNames.length === 0) this.stateFor();
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.state.v)}`);
  }
}

export class Gauge extends Metric<{ v: number }> {
  readonly type = 'gauge';
  private collector?: () => number;
  protected initial() {
    return { v: 0 };
  }
  set(value: number, labels?: Labels): void {
    this.stateFor(labels).v = value;
  }
  inc(amount = 1, labels?: Labels): void {
    this.stateFor(labels).v += amount;
  }
  dec(amount = 1, labels?: Labels): void {
    this.stateFor(labels).v -= amount;
  }
  get(labels?: Labels): number {
    return this.stateFor(labels).v;
  }
  /** Reads the value at scrape time instead (unlabelled gauges only), e.g. () => hub.clientCount. */
  collect(fn: () => number): this {
    if (this.labelNames.length) throw new Error(`gauge ${this.name} has labels: set them instead`);
    this.collector = fn;
    return this;
  }
  render(): string[] {
    if (this.collector) this.stateFor().v = this.collector();
    if (this.series.size === 0 && this.labelNames.length === 0) this.stateFor();
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.state.v)}`);
  }
}

interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric<HistogramState> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];
  constructor(options: MetricOptions & { buckets?: readonly number[] }) {
    super(options);
    const buckets = [...(options.buckets ?? LATENCY_BUCKETS_S)];
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
      throw new Error(`histogram ${options.name}: buckets must be finite and increasing`);
    }
    this.buckets = buckets;
  }
  protected initial(): HistogramState {
    return { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
  }
  observe(value: number, labels?: Labels): void {
    const s = this.stateFor(labels);
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }
  /** Starts a timer; calling the result observes the elapsed seconds (and returns them). */
  startTimer(labels?: Labels): () => number {
    const start = performance.now();
    return () => {
      const s = (performance.now() - start) / 1000;
      this.observe(s, labels);
      return s;
    };
  }
  snapshot(labels?: Labels): Readonly<HistogramState> {
    const s = this.stateFor(labels);
    return { counts: [...s.counts], sum: s.sum, count: s.count };
  }
  render(): string[] {
    if (this.series.size === 0 && this.labelNames.length === 0) this.stateFor();
    const lines: string[] = [];
    for (const { values, state } of this.series.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText(this.labelNames, values, ['le', formatValue(b)])} ${state.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText(this.labelNames, values, ['le', '+Inf'])} ${state.count}`);
      lines.push(`${this.name}_sum${labelText(this.labelNames, values)} ${formatValue(state.sum)}`);
      lines.push(`${this.name}_count${labelText(this.labelNames, values)} ${state.count}`);
    }
    return lines;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export class MetricsRegistry {
  private readonly metrics = new Map<string, Counter | Gauge | Histogram>();

  private add<M extends Counter | Gauge | Histogram>(metric: M): M {
    const existing = this.metrics.get(metric.name);
    if (existing) {
      // Registering the same metric twice (a module re-created per app) returns the first one.
      if (existing.type !== metric.type || existing.labelNames.join() !== metric.labelNames.join()) {
        throw new Error(`metric ${metric.name} is already registered with another type or labels`);
      }
      return existing as M;
    }
    this.metrics.set(metric.name, metric);
    return metric;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter({ name, help, labelNames }));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge({ name, help, labelNames }));
  }
  histogram(name: string, help: string, options: { labelNames?: readonly string[]; buckets?: readonly number[] } = {}): Histogram {
    return this.add(new Histogram({ name, help, ...options }));
  }
  get(name: string): Counter | Gauge | Histogram | undefined {
    return this.metrics.get(name);
  }

  /** The text exposition of every metric, sorted by name. */
  render(): string {
    const out: string[] = [];
    for (const m of [...this.metrics.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) out.push(...m.header(), ...m.render());
    return out.join('\n') + '\n';
  }
}

/** The process-wide registry that /metrics serves. */
export const defaultRegistry = new MetricsRegistry();
