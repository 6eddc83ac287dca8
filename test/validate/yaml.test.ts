// YAML with positions, and the places where Go's yaml.v3 (promtool) and js-yaml disagree.
import { describe, expect, it } from "vitest";
import { mapGet, nodeAtPath, parseYaml, resolvePlain, valuePosition, type YamlNode } from "../../src/validate/yaml.ts";

const at = (n: YamlNode | undefined) => n && `${n.line}:${n.column}`;

describe("YAML with positions", () => {
  const text = "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: |\n          sum(\n            up)\n";
  const doc = parseYaml(text);

  it("places mappings at their first key and scalars at their first character", () => {
    expect(at(nodeAtPath(doc.root, ["groups", 0]))).toBe("2:5");
    expect(at(nodeAtPath(doc.root, ["groups", 0, "rules", 0, "record"]))).toBe("4:17");
    expect(at(nodeAtPath(doc.root, ["groups", 0, "rules", 0, "expr"]))).toBe("5:15");
  });

  it("maps an offset inside a literal block scalar back to its line and column", () => {
    const expr = nodeAtPath(doc.root, ["groups", 0, "rules", 0, "expr"])!;
    expect(valuePosition(text, expr, "sum(\n  ".length)).toEqual({ line: 7, column: 13 });
  });

  it("keeps scalar text as written: for: 0 and 1.50 are strings to promtool", () => {
    const d = parseYaml("a: 0\nb: 1.50\nc: yes\nd: ~\ne: '1'\n");
    expect(["a", "b", "c", "d", "e"].map((k) => mapGet(d.root, k))).toMatchObject([
      { value: "0", tag: "!!int" },
      { value: "1.50", tag: "!!float" },
      { value: "yes", tag: "!!str" },
      { value: "~", tag: "!!null" },
      { value: "1", tag: "!!str" },
    ]);
  });

  it.each([["0x10", "!!int"], ["1e3", "!!float"], [".inf", "!!float"], ["true", "!!bool"], ["True", "!!bool"], ["on", "!!str"], ["null", "!!null"]])("resolves the plain scalar %s as %s", (text, tag) => {
    expect(resolvePlain(text)).toBe(tag);
  });
});

describe("what promtool's YAML decoder does differently from js-yaml", () => {
  it("reads only the first document, ignoring errors in later ones", () => {
    expect(parseYaml("a: 1\n---\nb: [\n").error).toBeUndefined();
  });

  it("stops after a complete flow root", () => {
    expect(parseYaml('{"a": 1}\n{"b": 2}\n').error).toBeUndefined();
  });

  it.each([
    ["a tab in the indentation of a blank line", "a:\n\t\n  b: 1\n", "found a tab character that violates indentation"],
    ["a tab after a sequence dash", "a:\n  -\tb\n", "cannot start any token"],
    ["an anchor name with punctuation", "a: &x=y 1\n", "did not find expected alphabetic or numeric character"],
    ["a surrogate escape", 'a: "\\ud800"\n', "found invalid Unicode character escape code"],
  ])("rejects %s", (_what, text, message) => {
    expect(parseYaml(text).error?.message).toContain(message);
  });

  it("lets merge keys add what the mapping does not set itself", () => {
    const d = parseYaml("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
    const m = mapGet(d.root, "m");
    expect([mapGet(m, "x"), mapGet(m, "y")].map((n) => n?.kind === "scalar" && n.value)).toEqual(["1", "3"]);
  });
});
