// abwatch's own version, read from its package.json (two folders up from src/init/ and from
// dist/init/ alike), for the dependency range init writes.
import { readFileSync } from "node:fs";

export function abwatchVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}
