// Scratch directories under the OS temp dir, removed when the test that made them ends (or, made
// outside a test, after the file's tests).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

export function scratch(prefix = "abwatch-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test: afterAll of the file.
    afterAll(remove);
  }
  return dir;
}
