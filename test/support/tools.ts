// Real binaries the tests run. A missing tool fails the test loudly: it never skips.
import { execFileSync } from "node:child_process";

const cache = new Map<string, string>();

export function tool(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let path: string;
  try {
    path = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
  } catch {
    path = "";
  }
  if (path === "") {
    throw new Error(`${name} is not installed: run scripts/install-tools.sh (npm test does this for you)`);
  }
  cache.set(name, path);
  return path;
}
