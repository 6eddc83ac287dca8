// A generated file's bytes: its content as UTF-8, encoded piece by piece when emit kept the header
// line apart from the body (see OutputFile.pieces: a joined string would be two-byte throughout).
import type { OutputFile } from "../emit/index.ts";

export function fileBytes(f: OutputFile): Buffer {
  const pieces = f.pieces;
  if (pieces === undefined) return Buffer.from(f.content);
  let length = 0;
  for (const p of pieces) length += Buffer.byteLength(p);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of pieces) at += bytes.write(p, at);
  return bytes;
}
