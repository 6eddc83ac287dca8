// Parses PromQL with Prometheus's own Lezer grammar; returns the positions of syntax errors.
import { parser } from "@prometheus-io/lezer-promql";

export function promqlSyntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
    },
  });
  return errors;
}
