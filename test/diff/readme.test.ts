// The README's example comment is what abwatch diff prints for the change it describes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { renderMarkdown } from "../../src/diff/render/markdown.ts";
import { REPO } from "../support/cli.ts";
import { CHECKOUT, diffCompiled } from "./support.ts";

it("the README's example diff comment is current", () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### What a reviewer sees"));
  const example = /```markdown\n([\s\S]*?)```\n/.exec(section)?.[1];
  expect(example).toBeDefined();
  // "lowers the error threshold and pages a new PagerDuty service"
  const { schedule: _s, ...base } = CHECKOUT;
  const head = {
    ...base,
    thresholds: { errorRatio: 0.02 },
    routing: { critical: { name: "pagerduty-payments", pagerduty: { routingKeyFile: "/etc/alertmanager/secrets/payments-key" } } },
  };
  expect(renderMarkdown({ ...diffCompiled([base], [head]), base: "origin/main", head: "working tree" })).toBe(example);
});
