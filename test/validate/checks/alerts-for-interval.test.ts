import { describe, expect, it } from "vitest";
import { alertForInterval } from "../../../src/validate/checks/alerts-for-interval.ts";
import { context, run } from "./support.ts";

const file = (interval: string | undefined, forLine: string) =>
  `groups:\n  - name: example\n${interval === undefined ? "" : `    interval: ${interval}\n`}    rules:\n      - alert: TargetDown\n        expr: up == 0\n${forLine}`;

describe("alerts/for-interval", () => {
  it.each([
    ["for: 1m with the default 1m interval", undefined, "        for: 1m\n", "for: 1m is shorter than two evaluation intervals (2 × 1m)"],
    ["for: 30s with a 30s group interval", "30s", "        for: 30s\n", "2 × 30s"],
    ["no for at all", undefined, "", "alert has no 'for'"],
    ["for: 0", "15s", "        for: 0\n", "use at least 30s"],
  ])("warns on %s", async (_what, interval, forLine, message) => {
    const problems = await run(alertForInterval, file(interval, forLine));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(message);
  });

  it.each([
    ["for: 2m with a 1m interval", undefined, "        for: 2m\n"],
    ["for: 1m with a 30s interval", "30s", "        for: 1m\n"],
  ])("accepts %s", async (_what, interval, forLine) => {
    expect(await run(alertForInterval, file(interval, forLine))).toEqual([]);
  });

  it("uses --evaluation-interval for groups that set none", async () => {
    const problems = await run(alertForInterval, file(undefined, "        for: 1m\n"), context({ evaluationIntervalMs: 15_000 }));
    expect(problems).toEqual([]);
  });

  it("leaves an invalid for to rulefmt/duration", async () => {
    expect(await run(alertForInterval, file(undefined, "        for: soon\n"))).toEqual([]);
  });
});
