// Writes a synthetic MoTeC .ld file byte by byte (header, event/venue/vehicle blocks, channel
// blocks, raw samples), for tests of the reader and of the containers and detection around it.

import { CHAN, EVENT, HEAD, LD_MARKER, VEHICLE, VENUE } from './ld-layout.ts';

export interface LdFixtureChannel {
  name: string;
  shortName?: string;
  unit: string;
  freqHz: number;
  /** 'i16' and 'i32' are integer words (dtype_a 0x03), 'f16'/'f32' floats (dtype_a 0x07). */
  dtype: 'i16' | 'i32' | 'f16' | 'f32';
  shift?: number;
  mul?: number;
  scale?: number;
  decPlaces?: number;
  /** Raw words as stored. */
  raw: number[];
}

export interface LdFixture {
  date?: string;
  time?: string;
  driver?: string;
  vehicleId?: string;
  venue?: string;
  event?: string;
  session?: string;
  /** Write event/venue/vehicle blocks with these names (the header copies stay as given above). */
  eventBlock?: { event: string; session: string; venue: string; vehicle: string };
  channels: LdFixtureChannel[];
}

function putText(bytes: Uint8Array, at: number, length: number, s: string): void {
  for (let i = 0; i < Math.min(length, s.length); i++) bytes[at + i] = s.charCodeAt(i) & 0xff;
}

const SIZES = { i16: 2, i32: 4, f16: 2, f32: 4 } as const;

function float16Bits(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const exp = Math.floor(Math.log2(a));
  if (exp < -14) return sign | Math.round(a / 2 ** -24);
  const frac = Math.round((a / 2 ** exp - 1) * 1024);
  return sign | ((exp + 15) << 10) | frac;
}

export function writeLdFixture(f: LdFixture): Uint8Array {
  const eventAt = HEAD.size;
  const venueAt = eventAt + EVENT.size;
  const vehicleAt = venueAt + VENUE.size;
  const metaAt = f.eventBlock ? vehicleAt + VEHICLE.size : HEAD.size;
  const dataAt = metaAt + f.channels.length * CHAN.size;
  const dataBytes = f.channels.reduce((n, c) => n + c.raw.length * SIZES[c.dtype], 0);
  const bytes = new Uint8Array(dataAt + dataBytes);
  const v = new DataView(bytes.buffer);

  v.setUint32(HEAD.marker, LD_MARKER, true);
  v.setUint32(HEAD.metaPtr, metaAt, true);
  v.setUint32(HEAD.dataPtr, dataAt, true);
  v.setUint32(HEAD.eventPtr, f.eventBlock ? eventAt : 0, true);
  putText(bytes, HEAD.deviceType, 8, 'ADL');
  v.setUint32(HEAD.channelCount, f.channels.length, true);
  putText(bytes, HEAD.date, 16, f.date ?? '');
  putText(bytes, HEAD.time, 16, f.time ?? '');
  putText(bytes, HEAD.driver, 64, f.driver ?? '');
  putText(bytes, HEAD.vehicleId, 64, f.vehicleId ?? '');
  putText(bytes, HEAD.venue, 64, f.venue ?? '');
  putText(bytes, HEAD.event, 64, f.event ?? '');
  putText(bytes, HEAD.session, 64, f.session ?? '');

  if (f.eventBlock) {
    putText(bytes, eventAt + EVENT.name, 64, f.eventBlock.event);
    putText(bytes, eventAt + EVENT.session, 64, f.eventBlock.session);
    v.setUint16(eventAt + EVENT.venuePtr, venueAt, true);
    putText(bytes, venueAt + VENUE.name, 64, f.eventBlock.venue);
    v.setUint16(venueAt + VENUE.vehiclePtr, vehicleAt, true);
    putText(bytes, vehicleAt + VEHICLE.id, 64, f.eventBlock.vehicle);
  }

  let data = dataAt;
  f.channels.forEach((c, i) => {
    const at = metaAt + i * CHAN.size;
    const size = SIZES[c.dtype];
    v.setUint32(at + CHAN.prevPtr, i === 0 ? 0 : at - CHAN.size, true);
    v.setUint32(at + CHAN.nextPtr, i === f.channels.length - 1 ? 0 : at + CHAN.size, true);
    v.setUint32(at + CHAN.dataPtr, data, true);
    v.setUint32(at + CHAN.count, c.raw.length, true);
    v.setUint16(at + CHAN.counter, 0x2ee1 + i, true);
    v.setUint16(at + CHAN.dtypeA, c.dtype[0] === 'f' ? 0x07 : 0x03, true);
    v.setUint16(at + CHAN.dtypeSize, size, true);
    v.setUint16(at + CHAN.freqHz, c.freqHz, true);
    v.setInt16(at + CHAN.shift, c.shift ?? 0, true);
    v.setInt16(at + CHAN.mul, c.mul ?? 1, true);
    v.setInt16(at + CHAN.scale, c.scale ?? 1, true);
    v.setInt16(at + CHAN.decPlaces, c.decPlaces ?? 0, true);
    putText(bytes, at + CHAN.name, 32, c.name);
    putText(bytes, at + CHAN.shortName, 8, c.shortName ?? c.name.slice(0, 8));
    putText(bytes, at + CHAN.unit, 12, c.unit);
    for (const r of c.raw) {
      if (c.dtype === 'i16') v.setInt16(data, r, true);
      else if (c.dtype === 'i32') v.setInt32(data, r, true);
      else if (c.dtype === 'f16') v.setUint16(data, float16Bits(r), true);
      else v.setFloat32(data, r, true);
      data += size;
    }
  });
  return bytes;
}

export function writeLdxFixture(beaconTimesS: number[]): string {
  const markers = beaconTimesS
    .map((t, i) => `     <Marker Version="100" ClassName="BCN" Name="Manual.${i + 1}" Flags="77" Time="${(t * 1e6).toExponential(17)}"/>`)
    .join('\n');
  return `<?xml version="1.0"?>
<LDXFile Locale="English_Australia.1252" DefaultLocale="C" Version="1.6">
 <Layers>
  <Layer>
   <MarkerBlock>
    <MarkerGroup Name="Beacons" Index="${beaconTimesS.length}">
${markers}
    </MarkerGroup>
   </MarkerBlock>
   <RangeBlock/>
  </Layer>
  <Details>
   <String Id="Total Laps" Value="${beaconTimesS.length + 1}"/>
  </Details>
 </Layers>
</LDXFile>
`;
}
