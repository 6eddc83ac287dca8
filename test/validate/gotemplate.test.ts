// Go text/template parsing as promtool 2.42 does for alert labels and annotations.
import { describe, expect, it } from "vitest";
import { parseAlertTemplate } from "../../src/validate/gotemplate/parse.ts";

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
