// Time compression must change durations and nothing else: the rules verify runs are the generated
// rules, only faster.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, scaleDuration } from "../../src/verify/durations.ts";
import { scaleAlertmanagerConfig, scaleExpr, scaleRuleFile, type Doc } from "../../src/verify/timescale.ts";
import { REPO } from "../support/cli.ts";

const RULES = join(REPO, "generated", "rules");
const ruleFiles = readdirSync(RULES).filter((f) => f.endsWith(".rules.yml"));

/** The expression's leaf tokens, with duration literals marked so they can be compared by value. */
function leaves(expr: string): { text: string; duration: boolean }[] {
  const out: { text: string; duration: boolean }[] = [];
  parser.parse(expr).iterate({
    enter(n) {
      if (n.node.firstChild === null) out.push({ text: expr.slice(n.from, n.to), duration: n.name === "NumberDurationLiteralInDurationContext" });
    },
  });
  return out;
}

describe("durations", () => {
  it.each([
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    ["30d", 2_592_000_000],
    ["1w", 604_800_000],
    ["90", 90_000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("writes the shortest Prometheus spelling and reads it back", () => {
    for (const ms of [1, 500, 1000, 5000, 60_000, 90_000, 3_600_000, 5_400_500, 86_400_000 * 30]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(2_592_000_000)).toBe("30d");
  });

  it("divides by the factor, rounding to whole milliseconds and never below 1ms", () => {
    expect(scaleDuration("1h", 60)).toBe("1m");
    expect(scaleDuration("5m", 60)).toBe("5s");
    expect(scaleDuration("30s", 60)).toBe("500ms");
    expect(scaleDuration("15m", 7)).toBe("2m8s571ms");
    expect(scaleDuration("1ms", 60)).toBe("1ms");
  });

  it("rejects what is not a duration", () => {
    expect(() => parseDuration("5 minutes")).toThrow(/not a Prometheus duration/);
    expect(() => parseDuration("")).toThrow();
  });
});

describe("scaleExpr", () => {
  it("scales ranges, subquery ranges and steps, and offsets, and nothing else", () => {
    expect(scaleExpr('sum_over_time(rate(x{a="5m"}[5m])[30d:1h] offset 10m) > 300', 60)).toBe(
      'sum_over_time(rate(x{a="5m"}[5s])[12h:1m] offset 10s) > 300',
    );
  });
});

describe.each(ruleFiles)("generated/rules/%s, time-scaled", (file) => {
  const doc = load(readFileSync(join(RULES, file), "utf8")) as Doc;

  it("is unchanged at factor 1", () => {
    expect(scaleRuleFile(doc, 1)).toEqual(doc);
  });

  it.each([60, 7])("differs only in durations, each divided by %d", (factor) => {
    const scaled = scaleRuleFile(doc, factor);
    const groups = doc.groups as Doc[];
    const scaledGroups = scaled.groups as Doc[];
    expect(scaledGroups.length).toBe(groups.length);
    let durations = 0;
    groups.forEach((g, gi) => {
      const sg = scaledGroups[gi]!;
      expect(Object.keys(sg)).toEqual(Object.keys(g));
      expect(sg.name).toBe(g.name);
      expect(parseDuration(String(sg.interval))).toBe(Math.round(parseDuration(String(g.interval)) / factor));
      const rules = g.rules as Doc[];
      const scaledRules = sg.rules as Doc[];
      expect(scaledRules.length).toBe(rules.length);
      rules.forEach((r, ri) => {
        const sr = scaledRules[ri]!;
        expect(Object.keys(sr)).toEqual(Object.keys(r));
        for (const k of Object.keys(r)) {
          if (k === "expr" || k === "for") continue;
          expect(sr[k]).toEqual(r[k]);
        }
        if (r.for !== undefined) expect(parseDuration(String(sr.for))).toBe(Math.round(parseDuration(String(r.for)) / factor));
        const a = leaves(String(r.expr));
        const b = leaves(String(sr.expr));
        expect(b.length).toBe(a.length);
        a.forEach((t, i) => {
          if (t.duration) {
            durations++;
            expect(b[i]!.duration).toBe(true);
            expect(parseDuration(b[i]!.text)).toBe(Math.max(1, Math.round(parseDuration(t.text) / factor)));
          } else {
            expect(b[i]!.text).toBe(t.text);
          }
        });
      });
    });
    // The rules do read windows: a scaler that changed nothing would pass the checks above.
    expect(durations).toBeGreaterThan(10);
  });
});

describe("scaleAlertmanagerConfig", () => {
  it("scales every route's timers and nothing else", () => {
    const doc = load(readFileSync(join(REPO, "generated", "alertmanager", "alertmanager.yml"), "utf8")) as Doc;
    const scaled = scaleAlertmanagerConfig(doc, 60);
    const route = scaled.route as Doc;
    expect(route.group_wait).toBe("500ms");
    expect(route.group_interval).toBe("5s");
    expect(route.repeat_interval).toBe("4m");
    const timers = (d: unknown): string[] =>
      JSON.stringify(d).match(/"(group_wait|group_interval|repeat_interval|resolve_timeout)":"[^"]*"/g) ?? [];
    expect(timers(scaled).length).toBe(timers(doc).length);
    const strip = (d: unknown) => JSON.parse(JSON.stringify(d).replace(/"(group_wait|group_interval|repeat_interval|resolve_timeout)":"[^"]*"/g, '"$1":""'));
    expect(strip(scaled)).toEqual(strip(doc));
  });
});
