// Which frame times a car has recently delivered, to tell a redelivery (MQTT QoS 1, a Kafka consumer
// resuming from its last commit) from a new frame. Bounded: the last `capacity` times per car.

export class RecentKeys {
  private readonly seen = new Set<number>();
  private readonly ring: number[];
  private next = 0;

  constructor(private readonly capacity = 4096) {
    this.ring = new Array<number>(capacity);
  }

  /** True when the time was seen before; else remembers it and returns false. */
  check(tsMs: number): boolean {
    if (this.seen.has(tsMs)) return true;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.ring[this.next] = tsMs;
    this.next = (this.next + 1) % this.capacity;
    this.seen.add(tsMs);
    return false;
  }
}
