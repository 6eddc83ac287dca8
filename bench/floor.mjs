// The file-system floor of the generate benchmark: the same bytes abwatch generate writes, to the
// same paths, by a plain script (mkdir + writeFileSync, no staging, no comparison). The bytes come
// from one pack file written beforehand (bench/pack.mjs): `node bench/floor.mjs PACK DIR`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { unpack } from "./pack.mjs";

const [pack, out] = process.argv.slice(2);
const made = new Set();
for (const { path, content } of unpack(readFileSync(pack))) {
  const file = join(out, path);
  const dir = dirname(file);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(file, content);
}
