// How a diff reads: the pull-request comment and the terminal text.
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT, COMMENT_MARKER, code, esc, renderMarkdown } from "../../src/diff/render/markdown.ts";
import { renderText } from "../../src/diff/render/text.ts";
import { ALERTS, PANEL_IDS, PANEL_TITLES, RECORD } from "../../src/model/conventions.ts";
import { CHECKOUT, diffCompiled } from "./support.ts";

describe("markdown", () => {
  it("puts paging first and collapses dashboards, recording rules and line diffs", () => {
    const head = { ...CHECKOUT, arms: [{ name: "baseline", weight: 0.6, control: true }, { name: "enhanced", weight: 0.3 }, { name: "canary", weight: 0.1 }], thresholds: { errorRatio: 0.1 } };
    const md = renderMarkdown(diffCompiled([CHECKOUT], [head]));
    expect(md.startsWith(`${COMMENT_MARKER}\n### abwatch: monitoring changes\n`)).toBe(true);
    const alerts = md.indexOf("**Alerts**");
    const arms = md.indexOf("**Arms**");
    // The error-ratio panel's threshold, the SRM boundary's degrees of freedom, and the accuracy confidence
    // panel's level (two treatments now share α).
    const dashboard = md.indexOf("<details><summary>Dashboard: 3 changed</summary>");
    const recording = md.indexOf("<details><summary>Recording rules:");
    expect([alerts, arms, dashboard, recording].every((i) => i > 0)).toBe(true);
    expect(alerts < arms && arms < dashboard && dashboard < recording).toBe(true);
    expect(md).toContain(`- ✏️ **${ALERTS.highErrorRate}**: threshold: \`${RECORD.errorRatio5m} > 0.05\` → \`> 0.1\``);
    expect(md).toContain("- ➕ **canary**: weight: `0.1`");
    expect(md).toContain(`- ✏️ **${PANEL_TITLES.errorRatio} (\\#${PANEL_IDS.errorRatio})**: thresholds: \`green, red ≥ 0.05\` → \`green, red ≥ 0.1\``);
    // A changed recording rule's expression, as a diff inside the collapsed section.
    expect(md).toMatch(/<details><summary>Recording rules: line changes<\/summary>\n\n`experiment_model:ab_test_arm_weight:config\{model_name="baseline"\}` · expression\n\n```diff\n-vector\(0\.7\)\n\+vector\(0\.6\)\n```/);
    // Every <details> is closed.
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
  });

  it("says so when nothing changed", () => {
    const md = renderMarkdown(diffCompiled([CHECKOUT], [CHECKOUT]));
    expect(md).toBe(`${COMMENT_MARKER}\n### abwatch: no monitoring change\n\nCompared \`base\` → \`head\` with \`abwatch diff\`.\n`);
  });

  it("stays under GitHub's comment limit however large the change", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...CHECKOUT, id: `exp-${i}`, title: `Experiment ${i}` }));
    const d = diffCompiled([], many);
    const md = renderMarkdown(d);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain("#### `exp-0` — added");
    expect(md).toMatch(/more experiments? changed: run `npx abwatch diff`/);
  });

  it("quotes values that hold backticks, newlines and Markdown", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("a\n  b")).toBe("`a ⏎ b`");
    expect(esc("Error *ratio* <b>")).toBe("Error \\*ratio\\* &lt;b&gt;");
  });
});

describe("text", () => {
  it("shows a changed expression as changed lines", () => {
    const text = renderText(diffCompiled([CHECKOUT], [{ ...CHECKOUT, arms: [{ name: "baseline", weight: 0.6, control: true }, { name: "enhanced", weight: 0.4 }] }]));
    expect(text).toContain(`    ~ ${RECORD.armWeight}{model_name="baseline"}\n        expression changed\n          -vector(0.7)\n          +vector(0.6)\n`);
    expect(text).toContain("  arms\n    ~ baseline\n        weight: 0.7 → 0.6\n    ~ enhanced\n        weight: 0.3 → 0.4\n");
  });
});
