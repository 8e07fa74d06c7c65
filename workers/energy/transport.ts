// Packs a plain object whose leaves include typed arrays into one ArrayBuffer (JSON header + aligned
// array bytes) and back: how kernel datasets travel from Node to the browser test page and the bench.

type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array;
const CTORS = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint8Array } as const;
type CtorName = keyof typeof CTORS;

interface ArrayRef { $array: CtorName; offset: number; length: number }

const MAGIC = 0x45544d31; // 'ETM1'

export function packBinary(value: unknown): ArrayBuffer {
  const arrays: TypedArray[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as TypedArray;
      const name = a.constructor.name as CtorName;
      if (!(name in CTORS)) throw new TypeError(`packBinary: unsupported array type ${name}`);
      offset = Math.ceil(offset / 8) * 8;
      const ref: ArrayRef = { $array: name, offset, length: a.length };
      offset += a.byteLength;
      arrays.push(a);
      return ref;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
  const head = new TextEncoder().encode(header);
  const base = Math.ceil((8 + head.byteLength) / 8) * 8;
  const out = new ArrayBuffer(base + offset);
  const dv = new DataView(out);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, head.byteLength, true);
  new Uint8Array(out, 8, head.byteLength).set(head);
  let k = 0;
  JSON.parse(header, (_key, v) => {
    if (v && typeof v === 'object' && '$array' in v) {
      const a = arrays[k++];
      new Uint8Array(out, base + (v as ArrayRef).offset, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    return v;
  });
  return out;
}

export function unpackBinary<T>(buffer: ArrayBuffer): T {
  const dv = new DataView(buffer);
  if (dv.getUint32(0, true) !== MAGIC) throw new TypeError('unpackBinary: not a packed dataset');
  const len = dv.getUint32(4, true);
  const header = new TextDecoder().decode(new Uint8Array(buffer, 8, len));
  const base = Math.ceil((8 + len) / 8) * 8;
  return JSON.parse(header, (_key, v) => {
    if (v && typeof v === 'object' && '$array' in v) {
      const r = v as ArrayRef;
      const Ctor = CTORS[r.$array];
      return new Ctor(buffer.slice(base + r.offset, base + r.offset + r.length * Ctor.BYTES_PER_ELEMENT));
    }
    if (v && typeof v === 'object' && '$number' in v) return Number(v.$number);
    return v;
  }) as T;
}
