// Big-endian int64 at a DataView position, as a JavaScript number (exact up to 2^53).

const TWO_32 = 4294967296;

export function readInt64(view: DataView, at: number): number {
  return view.getInt32(at) * TWO_32 + view.getUint32(at + 4);
}

export function writeInt64(view: DataView, at: number, value: number): void {
  view.setInt32(at, Math.floor(value / TWO_32));
  view.setUint32(at + 4, value >>> 0);
}
