// The README's example of embedding the exporter runs as written (imports pointed at the sources,
// the server on a free local port) and exports what it says.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { parseExposition, valueOf } from "./parse.ts";

it("the README's embedding example records and serves the spec's metrics", async () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Embedding the exporter in a service"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  expect(code).toContain('from "abwatch"');
  expect(code).toMatch(/^process\.once\("SIGTERM"/m); // the line the test leaves out, below
  const dir = scratch();
  const shim = join(REPO, "test/exporter/readme-shim.ts");
  const experiment = readFileSync(join(REPO, "experiments/baseline-vs-enhanced.ts"), "utf8").replace('from "abwatch"', `from ${JSON.stringify(shim)}`);
  writeFileSync(join(dir, "experiment.ts"), experiment);
  writeFileSync(
    join(dir, "example.ts"),
    code
      .replace('from "abwatch"', `from ${JSON.stringify(shim)}`)
      .replace('"./experiments/baseline-vs-enhanced.ts"', '"./experiment.ts"')
      // The test worker keeps its own signal handling.
      .replace(/^process\.once\("SIGTERM".*$/m, ""),
  );
  await import(pathToFileURL(join(dir, "example.ts")).href);
  const { servers } = await import("./readme-shim.ts");
  expect(servers).toHaveLength(1);
  try {
    const s = parseExposition(await (await fetch(servers[0]!.url)).text());
    expect(valueOf(s, "ab_test_requests_total", { model_name: "enhanced", status: "success" })).toBe(1);
    expect(valueOf(s, "ab_test_predictions_evaluated_total", { model_name: "enhanced", outcome: "correct" })).toBe(1);
    expect(valueOf(s, "ab_test_model_accuracy", { model_name: "enhanced" })).toBe(100);
    expect(valueOf(s, "ab_test_business_impact", { metric_type: "net_business_value" })).toBe(3.9);
  } finally {
    await Promise.all(servers.map((x) => x.close()));
  }
});
