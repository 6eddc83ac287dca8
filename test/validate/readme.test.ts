// The checks README, the registry and the files agree: every registered check has its file
// (area-thing.ts) and a row in src/validate/checks/README.md.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checks } from "../../src/validate/checks/index.ts";
import { REPO } from "../support/cli.ts";

const README = readFileSync(join(REPO, "src/validate/checks/README.md"), "utf8");

describe("the checks README", () => {
  it.each([...new Set(checks.map((c) => c.name))].map((n) => [n]))("documents %s, which has its own file", (name) => {
    expect(README).toContain(`| \`${name}\` |`);
    expect(existsSync(join(REPO, "src/validate/checks", `${name.replace("/", "-")}.ts`))).toBe(true);
  });

  it("states each registered check's class and severity", () => {
    for (const c of checks) expect(README).toMatch(new RegExp(`\\| \`${c.name}\` \\|[^\\n]*\\| ${c.class} \\| ${c.severity} \\|`));
  });
});
