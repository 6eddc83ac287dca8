// The YAML writer: whatever it writes, a YAML parser reads back as the same data, and it writes
// what reviewers expect (block scalars for long PromQL, comments above items, quoted ambiguity).
// Read back twice: as YAML 1.2 (js-yaml; Prometheus's yaml.v3 is 1.2-like) and as YAML 1.1 (the
// `yaml` package in 1.1 mode: yes/on/y are booleans, 1:20 is base-60, 017 octal), which is what
// older readers (yaml.v2, PyYAML) do: a string the writer forgets to quote changes type there.
import yaml from "js-yaml";
import { parse as parseYaml11 } from "yaml";
import { describe, expect, it } from "vitest";
import { toYamlBody } from "../../src/emit/yaml.ts";

const tricky = [
  "yes", "No", "ON", "off", "y", "~", "null", "true", "False",
  "1:20", "0x1F", "0o17", "1e3", "1_000", ".inf", "-.Inf", ".NaN", "2026-01-01", "12", "-3", "+4", "0.5", ".5",
  "30s", "1h30m", "0+1729x90", "_x5", "../rules/a.yml", "-x", "- a", "? a", ": a", "a: b", "a #b", "#x", "x:", "a:b",
  "", " lead", "trail ", "{{ $value | humanize }}", "@x", "`x`", "%x", "!x", "&x", "*x", "|x", ">x", "'x'", '"x"',
  "[a]", "{a}", ",a", "é — ü", "tab\there", "a\u0001b", "multi\nline", "multi\nline\n", "multi\n\n", "\nleading newline",
  "sum by (le) (rate(x{le!=\"+Inf\"}[5m]))", "line one\n  indented two",
];

describe("toYamlBody", () => {
  it.each(tricky.map((s) => [JSON.stringify(s), s]))("round-trips the string %s under YAML 1.2 and 1.1", (_name, s) => {
    const data = { value: s, list: [s], nested: { [s === "" ? "empty" : "k"]: s } };
    const text = toYamlBody(data);
    expect(yaml.load(text)).toEqual(data);
    expect(parseYaml11(text, { version: "1.1" })).toEqual(data);
  });

  it.each(["yes", "No", "ON", "off", "y", "N", "1:20", "017"])("quotes %s, which YAML 1.1 reads as a boolean or a number, as a value and as a key", (s) => {
    expect(toYamlBody({ value: s })).toBe(`value: ${JSON.stringify(s)}\n`);
    expect(toYamlBody({ [s]: 1 })).toBe(`${JSON.stringify(s)}: 1\n`);
  });

  it("round-trips numbers, booleans, null, empty lists and maps, and odd keys", () => {
    const data = {
      n: [0, 1, -3, 0.1, 0.3, 1e-7, 123456789012, 2.5],
      b: [true, false],
      z: null,
      empty: [],
      none: {},
      "key with space": 1,
      nested: [[1, 2], [], { a: [{ b: "c" }] }],
    };
    expect(yaml.load(toYamlBody(data))).toEqual(data);
    expect(parseYaml11(toYamlBody(data), { version: "1.1" })).toEqual(data);
  });

  it("writes PromQL longer than 80 characters as a block scalar, shorter inline", () => {
    const long = `sum by (model_name) (rate(ab_test_requests_total{experiment="${"x".repeat(60)}"}[5m]))`;
    const text = toYamlBody({ rules: [{ record: "a:b:c", expr: long }, { record: "d:e:f", expr: "vector(1)" }] });
    expect(text).toContain(`    expr: |-\n      ${long}\n`);
    expect(text).toContain("    expr: vector(1)\n");
  });

  it("writes a sequence item's comment as YAML comments above it", () => {
    const text = toYamlBody({ tests: [{ comment: "first line\nsecond line", eval_time: "5m", exp_alerts: [] }] });
    expect(text).toBe("tests:\n  # first line\n  # second line\n  - eval_time: 5m\n    exp_alerts: []\n");
    expect(yaml.load(text)).toEqual({ tests: [{ eval_time: "5m", exp_alerts: [] }] });
  });

  it("writes no float noise", () => {
    expect(toYamlBody({ a: 0.1 + 0.2, b: 0.7 * 100 })).toBe("a: 0.3\nb: 70\n");
  });
});
