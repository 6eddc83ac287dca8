// One exposition from several registries. prom-client's Registry.merge refuses two registries that
// hold the same metric name, which is exactly the case here (every experiment of a service exports
// `ab_test_requests_total`, one registry each so each can be reset on its own). The text format
// wants one HELP/TYPE block per name, so the families are joined here: the first registry's header,
// then every registry's samples. Two registries exporting the very same series is refused.
import type { Registry } from "prom-client";

export class ExpositionConflictError extends Error {
  override readonly name = "ExpositionConflictError";
}

interface Family {
  header: string;
  type: string;
  samples: string[];
}

/** The sample line without its value: `name{labels}`. */
function seriesKey(line: string): string {
  const end = line.lastIndexOf(" ");
  return end < 0 ? line : line.slice(0, end);
}

export async function exposition(registries: readonly Registry[]): Promise<string> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray()) {
      const text = await registry.getSingleMetricAsString(metric.name);
      const lines = text.split("\n");
      // prom-client writes "# HELP name …", "# TYPE name type", then the samples.
      const typeLine = lines[1] ?? "";
      const type = typeLine.slice(typeLine.lastIndexOf(" ") + 1);
      let f = families.get(metric.name);
      if (f === undefined) {
        f = { header: `${lines[0]}\n${typeLine}`, type, samples: [] };
        families.set(metric.name, f);
      } else if (f.type !== type) {
        throw new ExpositionConflictError(`metric ${metric.name} is a ${f.type} in one registry and a ${type} in another`);
      }
      for (let i = 2; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === "") continue;
        const key = seriesKey(line);
        if (seen.has(key)) throw new ExpositionConflictError(`series ${key} is exported by two registries (the same experiment twice?)`);
        seen.add(key);
        f.samples.push(line);
      }
    }
  }
  let out = "";
  for (const f of families.values()) out += `${f.header}\n${f.samples.length > 0 ? `${f.samples.join("\n")}\n` : ""}`;
  return out;
}
