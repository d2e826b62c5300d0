import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

type Labels = Record<string, string | number>;

/** Labels in name order, so the exposition is the same whatever order a call site writes them in. */
const sorted = (labels: Labels): Labels => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * The service's Prometheus registry, on prom-client: one per service instance (never prom-client's global one),
 * with the default process, heap, GC and event-loop-lag metrics. Counters and gauges are created on first use
 * under the names of `service-metrics.ts`; `collect` functions set gauges and running totals at each scrape.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly collectors: Array<(r: MetricsRegistry) => void> = [];

  constructor({ defaultMetrics = true }: { defaultMetrics?: boolean } = {}) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  private counter(name: string, help: string, labels: Labels): Counter {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] });
      this.counters.set(name, c);
    }
    return c;
  }

  private gauge(name: string, help: string, labels: Labels): Gauge {
    let g = this.gauges.get(name);
    if (!g) {
      g = new Gauge({ name, help, labelNames: Object.keys(labels), registers: [this.registry] });
      this.gauges.set(name, g);
    }
    return g;
  }

  /** Adds `by` to a counter, when the event happens. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const l = sorted(labels);
    this.counter(name, help, l).inc(l, by);
  }

  /**
   * Sets a counter to a running total that only grows (what finished streams carried plus what the running ones
   * carry now), so it is current at every scrape. Only from a `collect` function.
   */
  total(name: string, help: string, labels: Labels, value: number): void {
    const l = sorted(labels);
    const c = this.counter(name, help, l);
    c.remove(l);
    c.inc(l, value);
  }

  /** Sets a gauge. */
  set(name: string, help: string, labels: Labels, value: number): void {
    const l = sorted(labels);
    this.gauge(name, help, l).set(l, value);
  }

  /** Registers a function that sets gauges and running totals right before each scrape. */
  collect(fn: (r: MetricsRegistry) => void): void {
    this.collectors.push(fn);
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<string> {
    for (const g of this.gauges.values()) g.reset();
    for (const c of this.collectors) c(this);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
