// A reader that stops early (`| head`) closes the pipe: abwatch's output ends quietly, exit 0, no
// EPIPE stack trace.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, REPO } from "../support/cli.ts";

describe("output into a pipe closed early", () => {
  it.each([
    ["simulate", "--minutes", "30"],
    ["simulate", "--list"],
    ["validate", "--lint", "all", "test/fixtures/real-world"],
  ])("abwatch %s %s stops quietly", (...args) => {
    // pipefail: the shell's status is abwatch's, not head's.
    const quoted = args.map((a) => `'${a}'`).join(" ");
    const r = spawnSync("bash", ["-o", "pipefail", "-c", `'${process.execPath}' '${BIN}' ${quoted} | head -c 10 >/dev/null`], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.status).toBe(0);
  });
});
