// abwatch.config.ts: `defineConfig` types it, the CLI loads it from the working directory, and
// `validate` takes its Prometheus version unless --prometheus-version says otherwise.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfig, ConfigError, loadConfig } from "../../src/config/load.ts";
import { defineConfig } from "../../src/index.ts";
import { runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";

const RULES = "groups:\n  - name: g\n    rules:\n      - record: job:latency:avg\n        expr: histogram_avg(rate(latency[5m]))\n";

function project(config: string | undefined): string {
  const dir = scratch("abwatch-config-");
  writeFileSync(join(dir, "rules.yml"), RULES);
  if (config !== undefined) writeFileSync(join(dir, "abwatch.config.ts"), config);
  return dir;
}

describe("abwatch.config.ts", () => {
  it("defineConfig returns its argument, typed", () => {
    const c = defineConfig({ prometheusVersion: "3.1" });
    expect(c).toEqual({ prometheusVersion: "3.1" });
  });

  it("loads from the working directory, importing defineConfig from abwatch", async () => {
    const dir = project('import { defineConfig } from "abwatch";\nexport default defineConfig({ prometheusVersion: "2.51" });\n');
    expect(await loadConfig(dir)).toEqual({ prometheusVersion: "2.51" });
    expect(await loadConfig(scratch())).toBeUndefined();
  });

  it("sets the version validate checks against; --prometheus-version overrides it", () => {
    const without = project(undefined);
    const r = runCli(["validate", "rules.yml"], without);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("histogram_avg() needs Prometheus 2.51 or later (the target is 2.42");

    const dir = project('import { defineConfig } from "abwatch";\nexport default defineConfig({ prometheusVersion: "2.51" });\n');
    expect(runCli(["validate", "rules.yml"], dir).code).toBe(0);
    const overridden = runCli(["validate", "--prometheus-version", "2.50", "rules.yml"], dir);
    expect(overridden.code).toBe(1);
    expect(overridden.stdout).toContain("(the target is 2.50");
  });

  it.each([
    ["an unknown field", 'export default { prometheusVersoin: "2.51" };\n', 'abwatch.config.ts: unknown field "prometheusVersoin"'],
    ["a bad version", 'export default { prometheusVersion: "latest" };\n', 'abwatch.config.ts: prometheusVersion: expected a version like "2.42" or "3.1", got "latest"'],
    ["a syntax error", "export default {\n", "abwatch.config.ts:2:"],
    ["a file that throws", 'throw new Error("boom");\n', "abwatch.config.ts: throws when loaded: boom"],
  ])("rejects %s with exit 2 and a message naming the file", (_what, config, message) => {
    const r = runCli(["validate", "rules.yml"], project(config));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("    at ");
  });

  it("checks a default export that is not an object", () => {
    expect(() => checkConfig(42, "abwatch.config.ts")).toThrow(ConfigError);
  });
});
