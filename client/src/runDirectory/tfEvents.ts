/**
 * Scalars from TensorBoard `Event` protos, decoded by hand (no protobuf dependency): `step` (2),
 * `summary` (5) → `value` (1) → `tag` (1) with `simple_value` (2, as PyTorch's SummaryWriter and
 * transformers' TensorBoardCallback write) or a scalar `tensor` (8, as TF2's tf.summary writes:
 * float_val, double_val or 4/8-byte tensor_content).
 */
import type { MetricRow } from "../../../webview/src/shared/protocol";

class Reader {
  at = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.at >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.at >= this.buf.length) throw new RangeError("truncated varint");
      const b = this.buf[this.at++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
      if (shift > 70n) throw new RangeError("varint too long");
    }
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    if (this.at + n > this.buf.length) throw new RangeError("truncated field");
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  fixed(n: 4 | 8): DataView {
    if (this.at + n > this.buf.length) throw new RangeError("truncated fixed field");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.at, n);
    this.at += n;
    return view;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.at += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.at += 4;
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
  /** Each field as [number, wire type]; the caller reads or skips its value. */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = Number(this.varint());
      yield [key >>> 3, key & 7];
    }
  }
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;

function tensorScalar(buf: Uint8Array): number | undefined {
  const r = new Reader(buf);
  let dtype = 0;
  let value: number | undefined;
  let content: Uint8Array | undefined;
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 0) dtype = Number(r.varint());
    else if (field === 4 && wire === 2) content = r.bytes();
    else if (field === 5 && wire === 2) {
      const packed = r.bytes();
      if (packed.length >= 4) value = new DataView(packed.buffer, packed.byteOffset, 4).getFloat32(0, true);
    } else if (field === 5 && wire === 5) value = r.fixed(4).getFloat32(0, true);
    else if (field === 6 && wire === 2) {
      const packed = r.bytes();
      if (packed.length >= 8) value = new DataView(packed.buffer, packed.byteOffset, 8).getFloat64(0, true);
    } else if (field === 6 && wire === 1) value = r.fixed(8).getFloat64(0, true);
    else r.skip(wire);
  }
  if (value === undefined && content) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length === 4) value = view.getFloat32(0, true);
    else if (dtype === DT_DOUBLE && content.length === 8) value = view.getFloat64(0, true);
  }
  return value;
}

function summaryValue(buf: Uint8Array, out: Record<string, number | null>): void {
  const r = new Reader(buf);
  let tag: string | undefined;
  let value: number | undefined;
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 2) tag = new TextDecoder().decode(r.bytes());
    else if (field === 2 && wire === 5) value = r.fixed(4).getFloat32(0, true);
    else if (field === 8 && wire === 2) value = tensorScalar(r.bytes());
    else r.skip(wire);
  }
  if (tag !== undefined && value !== undefined) out[tag] = Number.isFinite(value) ? value : null;
}

/** One event's scalars as a row, or undefined for events without scalars (file_version, graphs). */
export function decodeEvent(buf: Uint8Array): MetricRow | undefined {
  const r = new Reader(buf);
  let step = 0;
  const values: Record<string, number | null> = {};
  for (const [field, wire] of r.fields()) {
    if (field === 2 && wire === 0) step = Number(BigInt.asIntN(64, r.varint()));
    else if (field === 5 && wire === 2) {
      const summary = new Reader(r.bytes());
      for (const [f, w] of summary.fields()) {
        if (f === 1 && w === 2) summaryValue(summary.bytes(), values);
        else summary.skip(w);
      }
    } else r.skip(wire);
  }
  return Object.keys(values).length ? { step, values } : undefined;
}
