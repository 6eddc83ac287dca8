// Go text/template parsing as promtool 2.42 does for alert labels and annotations.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ALERT_TEMPLATE_VARS, GO_BUILTINS, parseAlertTemplate, parseTemplate, PROMETHEUS_FUNCS } from "../../src/validate/gotemplate/parse.ts";
import { simpleTemplateLabels } from "../../src/validate/gotemplate/simple.ts";
import { REPO } from "../support/cli.ts";

describe("alert templates promtool accepts", () => {
  it.each([
    "{{ $labels.instance }} {{ $value | humanize }} {{ $externalLabels.x }} {{ $externalURL }}",
    '{{ with query "up" }}{{ . | first | value }}{{ end }}',
    "{{ if gt $value 1.0 }}a{{ else if lt $value 0.5 }}b{{ else }}c{{ end }}",
    "{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ break }}{{ end }}",
    '{{ define "x" }}{{ .Labels }}{{ end }}{{ template "x" . }}',
    "{{/* comment */}}{{- $value -}}",
    "{{ 1.5e3 }} {{ 0x1F }} {{ 1_000 }} {{ 'a' }} {{ `raw` }} {{ nil }} {{ true }}",
    "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
    "}} no action {{ \"}}\" }}",
  ])("accepts %j", (t) => {
    expect(parseAlertTemplate(t, "A").error).toBeUndefined();
  });
});

describe("alert templates promtool rejects", () => {
  it.each([
    ["{{ $foo }}", 'template: __alert_A:1: undefined variable "$foo"'],
    ["{{ nonexistent }}", 'function "nonexistent" not defined'],
    ["{{ tmpl \"x\" . }}", 'function "tmpl" not defined'],
    ["{{ if 1 }}", "unexpected EOF"],
    ["{{ end }}", "unexpected {{end}}"],
    ["{{ range . }}{{ else if 1 }}{{ end }}", "unexpected <if> in input"],
    ["{{ with . }}{{ else with . }}{{ end }}", "unexpected <with> in else"],
    ["{{ break }}", "{{break}} outside {{range}}"],
    ["{{/* comment */ }}", "comment ends before closing delimiter"],
    ['{{ "bad \\q escape" }}', "invalid syntax"],
    ["{{ 'ab' }}", "malformed character constant: 'ab'"],
    ["{{ 08 }}", 'integer overflow: "08"'],
    ["{{ .x | 1 }}", "non executable command in pipeline stage 2"],
    ["{{ }}", "missing value for command"],
    ['{{ "a".Foo }}', 'unexpected . after term "\\"a\\""'],
    ["{{ $labels.a-b }}", "bad character U+002D '-'"],
    ["{{-$labels.x}}", 'illegal number syntax: "-"'],
    ['{{ define "x" }}{{ $labels }}{{ end }}', 'undefined variable "$labels"'],
    ["a\n{{ $foo }}", "template: __alert_A:2:"],
  ])("rejects %j", (t, message) => {
    expect(parseAlertTemplate(t, "A").error?.message).toContain(message);
  });
});

describe("labels read by templates", () => {
  it("collects $labels.x, .Labels.x and index $labels \"x\"", () => {
    const r = parseAlertTemplate('{{ $labels.job }} {{ .Labels.instance }} {{ index $labels "arm" }} {{ $labels.job | toUpper }}', "A");
    expect(r.labels.sort()).toEqual(["arm", "instance", "job"]);
  });
});

describe("the simple-template fast path (gotemplate/simple.ts)", () => {
  const funcs = new Set([...GO_BUILTINS, ...PROMETHEUS_FUNCS]);
  const vars = ["$", ...ALERT_TEMPLATE_VARS];

  /** Every label and annotation value with an action in the real-world rule files. */
  function realWorld(): string[] {
    const out = new Set<string>();
    const root = join(REPO, "test/fixtures/real-world");
    for (const d of readdirSync(root, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      for (const f of readdirSync(join(root, d.name)).filter((n) => /\.ya?ml$/.test(n))) {
        let doc: unknown;
        try {
          doc = yaml.load(readFileSync(join(root, d.name, f), "utf8"), { schema: yaml.JSON_SCHEMA });
        } catch {
          continue; // invalid YAML on purpose
        }
        const groups = (doc as { groups?: { rules?: Record<string, unknown>[] }[] } | null)?.groups ?? [];
        for (const g of Array.isArray(groups) ? groups : []) {
          for (const r of Array.isArray(g?.rules) ? g.rules : []) {
            for (const field of [r?.labels, r?.annotations]) {
              for (const v of Object.values((field ?? {}) as Record<string, unknown>)) if (typeof v === "string" && v.includes("{{")) out.add(v);
            }
          }
        }
      }
    }
    return [...out];
  }

  /** Those templates with a piece inserted or a few characters removed, and random action bodies (fixed seed). */
  function variants(seeds: string[]): string[] {
    const pieces = ["{{", "}}", "{{- ", " -}}", "-}}", " ", "\n", "$labels", "$labels.job", ".Labels.x", "$value", "$", "$x", ":=", "|", " | ", "(", ")", '"', '"a"', "\\", ".", ".x", "..", ",", "1", "-", "if", "end", "nil", "printf", "humanize", "index", "foo", "é", "/*", "}", "$externalURL"];
    let seed = 7;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = () => pieces[Math.floor(rnd() * pieces.length)]!;
    const out = new Set(seeds);
    for (const s of seeds) {
      for (let k = 0; k < 3; k++) {
        const i = Math.floor(rnd() * (s.length + 1));
        out.add(s.slice(0, i) + pick() + s.slice(i));
        out.add(s.slice(0, i) + s.slice(i + 1 + Math.floor(rnd() * 3)));
      }
    }
    for (let n = 0; n < 60_000; n++) {
      let body = "";
      for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) body += pick();
      out.add(`{{ ${body} }}`);
    }
    return [...out];
  }

  it("gives the full parser's labels, and no error, for every template it takes", () => {
    const seeds = realWorld();
    const taken = variants(seeds).filter((t) => simpleTemplateLabels(t, funcs, vars) !== undefined);
    const differ = taken.filter((t) => {
      const full = parseTemplate(t, "A", funcs, ALERT_TEMPLATE_VARS);
      return full.error !== undefined || JSON.stringify(full.labels) !== JSON.stringify(simpleTemplateLabels(t, funcs, vars));
    });
    expect(seeds.length).toBeGreaterThan(1000);
    expect(taken.length).toBeGreaterThan(10_000);
    expect(differ).toEqual([]);
  });

  it("takes the common templates, and leaves comments, control structures and errors to the parser", () => {
    for (const t of ['{{ $labels.job }} is down ({{ $value | humanizePercentage }})', '{{ printf "%.2f" $value }}', '{{- index $labels "arm" -}}', "{{ .Labels.instance }}"]) {
      expect(simpleTemplateLabels(t, funcs, vars), t).toBeDefined();
    }
    for (const t of ["{{/* c */}}", "{{ if $value }}x{{ end }}", "{{ $foo }}", "{{ nonexistent }}", "{{ .x | 1 }}", '{{ "a".Foo }}', "{{ $labels.a-b }}", "{{-$labels.x}}", "{{ }}"]) {
      expect(simpleTemplateLabels(t, funcs, vars), t).toBeUndefined();
    }
  });
});
