// Alertmanager configuration: abwatch validate and the real `amtool check-config` agree on every
// case below, except inline secrets, which amtool accepts and abwatch refuses on purpose.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TARGET } from "../../src/validate/version.ts";
import { describe, expect, it } from "vitest";
import { validatePaths } from "../../src/validate/index.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const r = "  - name: r\n";
const CASES: [name: string, config: string][] = [
  ["a minimal config", `route:\n  receiver: r\nreceivers:\n${r}`],
  ["matchers in every syntax", `route:\n  receiver: r\n  routes:\n    - receiver: r\n      matchers:\n        - severity="critical"\n        - team=~"ml|ds"\n        - env != prod\n        - '{a="b", c!="d"}'\nreceivers:\n${r}`],
  ["secrets read from files", `route:\n  receiver: r\nreceivers:\n  - name: r\n    pagerduty_configs:\n      - routing_key_file: /etc/am/pd.key\n    slack_configs:\n      - api_url_file: /etc/am/slack.url\n        channel: "#alerts"\n`],
  ["a route to an undefined receiver", `route:\n  receiver: r\n  routes:\n    - receiver: x\nreceivers:\n${r}`],
  ["a root route without a receiver", `route:\n  group_by: [a]\nreceivers:\n${r}`],
  ["no route at all", `receivers:\n${r}`],
  ["an unknown field", `route:\n  receiver: r\n  foo: 1\nreceivers:\n${r}`],
  ["an invalid duration", `route:\n  receiver: r\n  group_wait: 5x\nreceivers:\n${r}`],
  ["a receiver defined twice", `route:\n  receiver: r\nreceivers:\n${r}${r}`],
  ["a receiver without a name", `route:\n  receiver: r\nreceivers:\n${r}  - slack_configs: []\n`],
  ["an undefined time interval", `route:\n  receiver: r\n  routes:\n    - receiver: r\n      mute_time_intervals: [nights]\nreceivers:\n${r}`],
  ["broken YAML", `route:\n  receiver: [r\nreceivers:\n${r}`],
  ["a matcher with ==", `route:\n  receiver: r\n  routes:\n    - receiver: r\n      matchers:\n        - severity=="critical"\nreceivers:\n${r}`],
  ["a matcher with an invalid regex", `route:\n  receiver: r\n  routes:\n    - receiver: r\n      matchers:\n        - severity=~"crit("\nreceivers:\n${r}`],
  ["an inhibit matcher with an open quote", `route:\n  receiver: r\nreceivers:\n${r}inhibit_rules:\n  - source_matchers: ['a="b']\n    target_matchers: ['c="d"']\n`],
  ["group_by as a string", `route:\n  receiver: r\n  group_by: a\nreceivers:\n${r}`],
  ["an invalid group_by label", `route:\n  receiver: r\n  group_by: ["a-b"]\nreceivers:\n${r}`],
  ["a PagerDuty receiver without a key", `route:\n  receiver: r\nreceivers:\n  - name: r\n    pagerduty_configs:\n      - severity: critical\n`],
];

function amtoolAccepts(file: string): boolean {
  try {
    execFileSync(tool("amtool"), ["check-config", file], { stdio: "pipe", timeout: 20_000 });
    return true;
  } catch (e) {
    if ((e as { status?: number }).status === 1) return false;
    throw e;
  }
}

async function abwatchAccepts(file: string): Promise<boolean> {
  const r = await validatePaths([file], { cwd: REPO, experiments: "experiments", evaluationIntervalMs: 60_000, strict: false, target: DEFAULT_TARGET, lint: { all: false, names: new Set() }, kind: "alertmanager" });
  return r.errors === 0;
}

describe("abwatch validate agrees with amtool check-config", () => {
  const dir = scratch("abwatch-am-");

  it.each(CASES)("on %s", async (name, config) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.yml`);
    writeFileSync(file, config);
    expect(await abwatchAccepts(file)).toBe(amtoolAccepts(file));
  });

  it("on the generated Alertmanager config", async () => {
    const file = join(REPO, "generated/alertmanager/alertmanager.yml");
    expect(amtoolAccepts(file)).toBe(true);
    expect(await abwatchAccepts(file)).toBe(true);
  });

  it("points at a misspelt key, as amtool does, and suggests the known one", async () => {
    const file = join(dir, "misspelt.yml");
    writeFileSync(file, "route:\n  receiver: r\nrecievers:\n  - name: r\n");
    expect(amtoolAccepts(file)).toBe(false);
    const r = await validatePaths([file], { cwd: REPO, experiments: "experiments", evaluationIntervalMs: 60_000, strict: false, target: DEFAULT_TARGET, lint: { all: false, names: new Set() }, kind: "alertmanager" });
    expect(r.problems).toContainEqual(expect.objectContaining({ check: "schema/alertmanager", line: 3, column: 1, message: 'unknown field "recievers"; did you mean "receivers"?' }));
  });

  it("but refuses an inline routing_key, which amtool accepts", async () => {
    const file = join(dir, "inline-secret.yml");
    writeFileSync(file, `route:\n  receiver: r\nreceivers:\n  - name: r\n    pagerduty_configs:\n      - routing_key: 0123456789abcdef\n`);
    expect(amtoolAccepts(file)).toBe(true);
    expect(await abwatchAccepts(file)).toBe(false);
  });
});
