// The fixed channel-id table of the compact binary frame (docs/live-protocol.md). Append only: an id,
// once published, keeps its channel forever; id 0 is reserved.

export const BINARY_CHANNEL_IDS: readonly string[] = [
  '', // 0: reserved
  'speed',
  'throttle',
  'throttle_blade',
  'brake_front',
  'brake_rear',
  'brake',
  'acc_long',
  'acc_lat',
  'acc_vert',
  'steering',
  'yaw_rate',
  'rpm',
  'gear',
  'lat',
  'lon',
  'altitude',
  'gps_speed',
  'heading',
  'lap_distance',
  'distance',
  'lap',
];

const ID_BY_NAME = new Map(BINARY_CHANNEL_IDS.map((name, id) => [name, id] as const).filter(([name]) => name !== ''));

export function binaryChannelId(name: string): number | undefined {
  return ID_BY_NAME.get(name);
}

export function binaryChannelName(id: number): string | undefined {
  return id > 0 && id < BINARY_CHANNEL_IDS.length ? BINARY_CHANNEL_IDS[id] : undefined;
}
