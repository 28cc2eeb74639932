/**
 * A minimal TensorBoard event-file writer for tests, written from the format's definition
 * (tensorflow/core/util/event.proto, summary.proto; TFRecord framing with masked CRC-32C), in
 * both shapes writers use: PyTorch's `simple_value` and TF2's scalar `tensor`.
 */
import { maskedCrc } from "../../../client/src/runDirectory/tfrecord";

function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

const key = (field: number, wire: number): number[] => varint(BigInt((field << 3) | wire));
const bytesField = (field: number, data: Uint8Array | number[]): number[] => [
  ...key(field, 2),
  ...varint(BigInt(data.length)),
  ...data,
];
const float32 = (v: number): number[] => [...new Uint8Array(new Float32Array([v]).buffer)];
const float64 = (v: number): number[] => [...new Uint8Array(new Float64Array([v]).buffer)];

export type Scalar = {
  tag: string;
  value: number;
  as?: "simple" | "tensor-float" | "tensor-double" | "tensor-content";
};

export function eventBytes(step: number, scalars: Scalar[], wallTime = 1_764_000_000): Uint8Array {
  const values = scalars.map((s) => {
    const tag = bytesField(1, [...new TextEncoder().encode(s.tag)]);
    let payload: number[];
    switch (s.as ?? "simple") {
      case "simple":
        payload = [...key(2, 5), ...float32(s.value)];
        break;
      case "tensor-float":
        payload = bytesField(8, [...key(1, 0), ...varint(1n), ...bytesField(5, float32(s.value))]);
        break;
      case "tensor-double":
        payload = bytesField(8, [...key(1, 0), ...varint(2n), ...bytesField(6, float64(s.value))]);
        break;
      case "tensor-content":
        payload = bytesField(8, [...key(1, 0), ...varint(1n), ...bytesField(4, float32(s.value))]);
        break;
    }
    return bytesField(1, [...tag, ...payload]);
  });
  const summary = values.flat();
  return new Uint8Array([
    ...key(1, 1),
    ...float64(wallTime),
    ...key(2, 0),
    ...varint(BigInt(step)),
    ...bytesField(5, summary),
  ]);
}

export function fileVersionEvent(): Uint8Array {
  return new Uint8Array([
    ...key(1, 1),
    ...float64(1_764_000_000),
    ...bytesField(3, [...new TextEncoder().encode("brain.Event:2")]),
  ]);
}

export function record(data: Uint8Array): Uint8Array {
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(data.length), true);
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  out.set(len, 0);
  view.setUint32(8, maskedCrc(len), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc(data), true);
  return out;
}

export { concatBytes as concat } from "../../support/bytes";
