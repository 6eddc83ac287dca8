// Texts that restate a rule are not reported as changes of their own (src/diff/restate.ts).
import { describe, expect, it } from "vitest";
import { onlyNumbersOrNames, textChange } from "../../src/diff/restate.ts";

describe("textChange", () => {
  it("drops a text that only repeats the entry's own changed values", () => {
    expect(textChange({ field: "runbook text" }, "sent to slack-a (#a)", "sent to slack-b (#b)", [["slack-a", "slack-b"], ["#a", "#b"]])).toEqual([]);
  });

  it("keeps a text with another difference, and the texts after substitution for the experiment-wide check", () => {
    const [c] = textChange({ field: "annotation", key: "summary" }, "sent to slack-a now", "sent to slack-b later", [["slack-a", "slack-b"]]);
    expect(c).toMatchObject({ field: "annotation", key: "summary", from: "sent to slack-a now", to: "sent to slack-b later" });
    expect(c!.text!.from).not.toContain("slack-a");
  });
});

describe("onlyNumbersOrNames", () => {
  it.each([
    ["threshold of 5%", "threshold of 10%", [], true],
    ["for at least 2m", "for at least 10m", [], true],
    ["p95 above 200ms", "p95 above 1.5s", [], true],
    ["targets: baseline 70 %, enhanced 30 %.", "targets: baseline 60 %, enhanced 30 %, canary-v2 10 %.", ["canary-v2"], true],
    ["targets: baseline 70 %, enhanced 30 %.", "targets: baseline 60 %, enhanced 30 %, canary 10 %.", [], false],
    ["critical threshold of 5%", "warning threshold of 5%", [], false],
    ["Error ratio (5m).", "Error ratio over 5 minutes.", [], false],
  ])("%s → %s (names %j): %s", (from, to, names, expected) => {
    expect(onlyNumbersOrNames({ from, to }, names)).toBe(expected);
  });
});
