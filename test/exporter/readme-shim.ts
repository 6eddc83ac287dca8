// "abwatch" for the README example under test: the real exports, with serveMetrics on a free port
// and every server kept so the test can close it.
import { serveMetrics as real, type MetricsServer, type ServeOptions } from "../../src/exporter/index.ts";

export * from "../../src/index.ts";
export const servers: MetricsServer[] = [];
export async function serveMetrics(options: ServeOptions): Promise<MetricsServer> {
  const s = await real({ ...options, host: "127.0.0.1", port: 0 });
  servers.push(s);
  return s;
}
