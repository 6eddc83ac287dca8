// How text and values are written in Go-template annotations (Prometheus and vmalert expand every
// annotation as a text/template, and promtool checks that they parse).
import type { ValueFormat } from "../humanize.ts";

export const FORMAT_TEMPLATE: Record<ValueFormat, string> = {
  humanize: "{{ $value | humanize }}",
  humanizePercentage: "{{ $value | humanizePercentage }}",
  humanizeDuration: "{{ $value | humanizeDuration }}",
  plain: '{{ printf "%.4g" $value }}',
};

/**
 * Text that renders as itself. Only the left delimiter starts an action in text/template, so each
 * "{{" becomes an action printing "{{"; everything else, "}}" included, is literal already.
 */
export function templateText(text: string): string {
  return text.includes("{{") ? text.replaceAll("{{", '{{ "{{" }}') : text;
}
