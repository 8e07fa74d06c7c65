// Byte layout of a MoTeC i2 .ld log (little-endian), as reverse-engineered by gotzl's 'ldparser':
// a fixed header at byte 0, a linked list of channel blocks, and each channel's samples as raw words.

/** Value of the u32 at byte 0 of every .ld file. */
export const LD_MARKER = 0x40;

/** Offsets inside the file header (bytes from the start of the file). */
export const HEAD = {
  marker: 0x000, // u32, LD_MARKER
  metaPtr: 0x008, // u32: first channel block
  dataPtr: 0x00c, // u32: first channel's samples
  eventPtr: 0x024, // u32: event block, 0 when absent
  deviceSerial: 0x046, // u32
  deviceType: 0x04a, // char[8]
  deviceVersion: 0x052, // u16
  channelCount: 0x056, // u32
  date: 0x05e, // char[16], dd/mm/yyyy
  time: 0x07e, // char[16], HH:MM:SS or HH:MM
  driver: 0x09e, // char[64]
  vehicleId: 0x0de, // char[64]
  venue: 0x15e, // char[64]
  shortComment: 0x624, // char[64]
  event: 0x6e2, // char[64]
  session: 0x722, // char[64]
  size: 0x762, // 1890 bytes in all
} as const;

/** Event block (at HEAD.eventPtr). */
export const EVENT = { name: 0, session: 64, comment: 128, venuePtr: 1152, size: 1154 } as const;
/** Venue block (at EVENT.venuePtr). */
export const VENUE = { name: 0, vehiclePtr: 1098, size: 1100 } as const;
/** Vehicle block (at VENUE.vehiclePtr). */
export const VEHICLE = { id: 0, weight: 192, type: 196, comment: 228, size: 260 } as const;

/** Offsets inside one channel block. */
export const CHAN = {
  prevPtr: 0, // u32
  nextPtr: 4, // u32, 0 for the last channel
  dataPtr: 8, // u32
  count: 12, // u32, number of samples
  counter: 16, // u16
  dtypeA: 18, // u16: 0x07 float; 0x00, 0x03, 0x05 integer
  dtypeSize: 20, // u16: bytes per sample, 2 or 4
  freqHz: 22, // u16
  shift: 24, // i16
  mul: 26, // i16
  scale: 28, // i16
  decPlaces: 30, // i16
  name: 32, // char[32]
  shortName: 64, // char[8]
  unit: 72, // char[12]
  /** Bytes that must be present to read the fields above. */
  needed: 84,
  /** Bytes a writer reserves per block. */
  size: 124,
} as const;

export const DTYPE_FLOAT = 0x07;
export const DTYPE_INTS: readonly number[] = [0x00, 0x03, 0x05];
