// How each value format is written in a Go-template annotation.
import type { ValueFormat } from "../humanize.ts";

export const FORMAT_TEMPLATE: Record<ValueFormat, string> = {
  humanize: "{{ $value | humanize }}",
  humanizePercentage: "{{ $value | humanizePercentage }}",
  humanizeDuration: "{{ $value | humanizeDuration }}",
  plain: '{{ printf "%.4g" $value }}',
};
