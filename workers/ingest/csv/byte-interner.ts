// Interns repeated byte strings (channel names, vehicle ids) to small integer ids by hashing the
// bytes in place, so a CSV row costs no string allocation; the text is decoded once per id.

const utf8 = new TextDecoder('utf-8');

export class ByteInterner {
  private table = new Int32Array(256);
  private mask = 255;
  private pool = new Uint8Array(4096);
  private poolLen = 0;
  private offs: number[] = [];
  private lens: number[] = [];
  private hashes: number[] = [];
  private texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The id of the bytes [start, end) of `buf`, adding them when new. Ids count from 0. */
  intern(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 16777619);
    const len = end - start;
    let slot = h & this.mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === h && this.lens[id] === len && this.same(id, buf, start, len)) return id;
      slot = (slot + 1) & this.mask;
    }
    return this.add(buf, start, len, h, slot);
  }

  /** The id of a string (slow path for quoted cells with escapes, and for callers with strings). */
  internString(text: string): number {
    const bytes = new TextEncoder().encode(text);
    return this.intern(bytes, 0, bytes.length);
  }

  text(id: number): string {
    return this.texts[id];
  }

  private same(id: number, buf: Uint8Array, start: number, len: number): boolean {
    const pool = this.pool;
    const off = this.offs[id];
    for (let k = 0; k < len; k++) if (pool[off + k] !== buf[start + k]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, len: number, h: number, slot: number): number {
    if (this.poolLen + len > this.pool.length) {
      const next = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + len));
      next.set(this.pool.subarray(0, this.poolLen));
      this.pool = next;
    }
    this.pool.set(buf.subarray(start, start + len), this.poolLen);
    const id = this.texts.length;
    this.offs.push(this.poolLen);
    this.lens.push(len);
    this.hashes.push(h);
    this.texts.push(utf8.decode(buf.subarray(start, start + len)));
    this.poolLen += len;
    this.table[slot] = id + 1;
    if (this.texts.length * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.table = new Int32Array(size);
    for (let id = 0; id < this.texts.length; id++) {
      let slot = this.hashes[id] & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    }
  }
}
