/**
 * TFRecord framing as TensorBoard event files use it: per record a little-endian uint64 length, the
 * masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. The reader stops
 * before an incomplete record (a live writer's partial tail) and skips records whose CRC is wrong.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function maskedCrc(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export interface TfRecords {
  records: Uint8Array[];
  /** Bytes consumed: read again from here when the file grows. */
  consumed: number;
  /** Records skipped for a bad checksum. */
  corrupt: number;
}

export function readTfRecords(data: Uint8Array): TfRecords {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  let corrupt = 0;
  while (at + 12 <= data.length) {
    const length = Number(view.getBigUint64(at, true));
    const end = at + 12 + length + 4;
    if (end > data.length) break;
    const lengthOk = view.getUint32(at + 8, true) === maskedCrc(data.subarray(at, at + 8));
    if (!lengthOk) {
      // A corrupt length cannot be trusted to find the next record: stop here.
      corrupt++;
      at = data.length;
      break;
    }
    const body = data.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) === maskedCrc(body)) records.push(body);
    else corrupt++;
    at = end;
  }
  return { records, consumed: at, corrupt };
}
