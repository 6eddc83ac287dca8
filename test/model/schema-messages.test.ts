// What a user reads when an experiment is wrong: one message per mistake, in abwatch's words,
// naming the field and what is expected. Never a validation library's own text.
import { describe, expect, it } from "vitest";
import { fallbackMessage, issuesToProblems } from "../../src/model/issues.ts";
import { formatProblem } from "../../src/model/problem.ts";
import { ExperimentSchema } from "../../src/model/schema.ts";
import { def, unwrapped, type AnySchema } from "../support/zod-schema.ts";

const base = {
  id: "exp",
  title: "Experiment",
  owner: { team: "ml", contact: "#ml" },
  arms: [
    { name: "baseline", weight: 0.5, control: true },
    { name: "b", weight: 0.25 },
    { name: "c", weight: 0.25 },
  ],
  schedule: { start: "2026-01-01", end: "2026-02-01" },
  business: { dailyRequests: 1, revenuePerPrediction: 1, components: { revenueLift: 1, costImpact: 1, riskReduction: 1 } },
  metrics: { scope: { env: "prod" } },
};

function problems(input: unknown): string[] {
  const r = ExperimentSchema.safeParse(input, { reportInput: true, error: fallbackMessage });
  return r.success ? [] : issuesToProblems(ExperimentSchema, r.error.issues, "f.ts").map(formatProblem);
}

const withField = (path: readonly (string | number)[], value: unknown): unknown => {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let cur = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof cur[key] !== "object" || cur[key] === null) cur[key] = {};
    cur = cur[key] as Record<string | number, unknown>;
  }
  if (value === undefined) delete cur[path[path.length - 1]!];
  else cur[path[path.length - 1]!] = value;
  return copy;
};

describe("the base experiment of these tests", () => {
  it("is valid", () => expect(problems(base)).toEqual([]));
});

describe("schedule dates", () => {
  it.each([
    ["2025-02-28", "2025-03-01"],
    ["2024-02-29", "2024-03-01"],
    ["2025-07-15T12:00:00Z", "2025-07-15T18:30:00.250+02:00"],
    ["2025-07-15t12:00:00z", "2025-07-15"],
  ])("accepts %s to %s", (start, end) => {
    expect(problems({ ...base, schedule: { start, end } })).toEqual([]);
  });

  it.each([
    ["2025-02-30", "February 2025 has 28 days"],
    ["2025-04-31", "April 2025 has 30 days"],
    ["2023-02-29", "February 2023 has 28 days"],
    ["2025-13-01", "no month 13"],
    ["2025-07-15T24:00:00Z", "not a time of day"],
    ["2025-07-15T12:00:00", 'RFC 3339 timestamp like "2026-12-31T18:00:00Z"'],
    ["2025-07-15 12:00:00Z", 'RFC 3339 timestamp like "2026-12-31T18:00:00Z"'],
    ["15/07/2025", 'expected a date like "2026-12-31"'],
    ["2025-07-15T12:00:00+25:00", "impossible UTC offset"],
  ])("rejects %s with exactly one message: %s", (date, says) => {
    const start = problems({ ...base, schedule: { start: date, end: "2026-02-01" } });
    expect(start).toHaveLength(1);
    expect(start[0]).toContain("f.ts: schedule.start: ");
    expect(start[0]).toContain(says);
    const end = problems({ ...base, schedule: { start: "2026-01-01", end: date } });
    expect(end).toHaveLength(1);
    expect(end[0]).toContain("f.ts: schedule.end: ");
  });

  it("rejects an end before the start once both parse, comparing instants", () => {
    expect(problems({ ...base, schedule: { start: "2025-07-15T12:00:00Z", end: "2025-07-15T13:00:00+02:00" } })).toEqual([
      "f.ts: schedule.end: must be after schedule.start (2025-07-15T12:00:00Z), got 2025-07-15T13:00:00+02:00 (model/schema)",
    ]);
    // A calendar end date lasts the whole day.
    expect(problems({ ...base, schedule: { start: "2025-07-15T12:00:00Z", end: "2025-07-15" } })).toEqual([]);
  });
});

describe("traffic weights", () => {
  it("written as percentages: one message with the fractions to write", () => {
    const p = problems(withField(["arms"], [
      { name: "a", weight: 50, control: true },
      { name: "b", weight: 25 },
      { name: "c", weight: 25 },
    ]));
    expect(p).toEqual([
      "f.ts: arms: traffic weights are fractions of 1, not percentages: write 0.5, 0.25, 0.25 instead of 50, 25, 25 (model/schema)",
    ]);
  });

  it("one weight of 1 or more: a message at that weight saying weights are fractions", () => {
    const p = problems(withField(["arms", 0, "weight"], 70));
    expect(p).toHaveLength(1);
    expect(p[0]).toContain("arms[0].weight: expected a traffic weight less than 1, got 70 (weights are fractions of 1");
  });

  it("fractions that do not sum to 1: one message with the sum", () => {
    expect(problems(withField(["arms", 0, "weight"], 0.4))).toEqual([
      "f.ts: arms: traffic weights must sum to 1, got 0.9 (baseline 0.4 + b 0.25 + c 0.25) (model/schema)",
    ]);
  });
});

describe("metrics that cannot be false", () => {
  it.each(["requests", "responseTime", "accuracy"])("%s: false says why it is needed and which metrics can be false", (name) => {
    const p = problems(withField(["metrics", "names", name], false));
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`metrics.names.${name}: cannot be false: every experiment needs`);
    expect(p[0]).toContain("Only predictionsEvaluated, predictionScore, confidence and businessImpact can be false");
  });

  it.each(["predictionsEvaluated", "predictionScore", "confidence", "businessImpact"])("%s can be false", (name) => {
    expect(problems(withField(["metrics", "names", name], false))).toEqual([]);
  });
});


/** Every field path of the schema, with arrays entered at index 0 and maps at a key of the base. */
function fieldPaths(schema: AnySchema, prefix: (string | number)[] = []): (string | number)[][] {
  const d = unwrapped(schema);
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (d.type === "object") {
    for (const [k, v] of Object.entries(d.shape as Record<string, AnySchema>)) out.push(...fieldPaths(v, [...prefix, k]));
  } else if (d.type === "array") out.push(...fieldPaths(d.element as AnySchema, [...prefix, 0]));
  else if (d.type === "record") out.push(...fieldPaths(d.valueType as AnySchema, [...prefix, "env"]));
  return out;
}

describe("every field, given a value of the wrong type", () => {
  const paths = fieldPaths(ExperimentSchema);
  const values = [undefined, null, 42, "text", true, [], {}, [1], { x: 1 }];

  it("covers the whole schema", () => {
    expect(paths.length).toBeGreaterThan(60);
    expect(paths).toContainEqual(["owner", "team"]);
    expect(paths).toContainEqual(["metrics", "scope", "env"]);
    expect(paths).toContainEqual(["prometheus", "url"]);
  });

  it("gets abwatch's own words: no validation-library text, short, one message per field", () => {
    for (const path of paths) {
      for (const value of values) {
        const p = problems(withField(path, value));
        const where = `${path.join(".")} = ${JSON.stringify(value)}`;
        for (const line of p) {
          expect(line, where).not.toMatch(/Invalid input|received|Too (small|big)|Invalid (string|key|element|option)|Unrecognized key/);
          expect(line.length, where).toBeLessThan(400);
        }
        const perPath = new Map<string, number>();
        for (const line of p) perPath.set(line.split(": ")[1]!, (perPath.get(line.split(": ")[1]!) ?? 0) + 1);
        for (const [field, n] of perPath) expect(n, `${where}: ${field}\n${p.join("\n")}`).toBe(1);
      }
    }
  });
});

describe("names the metric contract tells series apart by", () => {
  it.each([
    [{ names: { accuracy: "x", confidence: "x" } }, "metrics.names.confidence: metric name \"x\" is already metrics.names.accuracy"],
    [{ names: { confidence: "conf", businessImpact: "conf_count" } }, "metrics.names.businessImpact: metric name \"conf_count\" is a series of the histogram metrics.names.confidence"],
    [{ labels: { model: "variant", status: "variant" } }, "metrics.labels.status: label name \"variant\" is already metrics.labels.model"],
    [{ values: { success: "ok", error: "ok" } }, "metrics.values.error: status value \"ok\" is already metrics.values.success"],
    [{ scope: { model_name: "x" } }, "metrics.scope.model_name: \"model_name\" is metrics.labels.model"],
  ])("%j is refused: %s", (metrics, says) => {
    const p = problems({ ...base, metrics });
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(says);
  });

  it("a name that merely starts like a histogram's series is fine", () => {
    expect(problems({ ...base, metrics: { names: { confidence: "a", businessImpact: "a_" } } })).toEqual([]);
  });
});
