// The file-system floor of the generate benchmark: the same bytes abwatch generate writes, to the
// same paths, by a plain script (mkdir + writeFileSync, no staging, no comparison). The bytes come
// from one pack file written beforehand: `node bench/floor.mjs PACK DIR`.
// The pack is a sequence of records: path length and content length (uint32 little-endian), path, content.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [pack, out] = process.argv.slice(2);
const buf = readFileSync(pack);
const made = new Set();
for (let at = 0; at < buf.length; ) {
  const pathLen = buf.readUInt32LE(at);
  const contentLen = buf.readUInt32LE(at + 4);
  const path = buf.toString("utf8", at + 8, at + 8 + pathLen);
  const start = at + 8 + pathLen;
  const file = join(out, path);
  const dir = dirname(file);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(file, buf.subarray(start, start + contentLen));
  at = start + contentLen;
}
