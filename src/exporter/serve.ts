// The exporter's HTTP endpoint: GET /metrics (every registry, one exposition) and GET /healthz.
// The registries are asked for on every scrape, so the caller decides what is served right now
// (an experiment whose exporter is "down" is simply left out).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { ExporterInputError } from "./errors.ts";
import { exposition } from "./exposition.ts";

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  registries: () => readonly Registry[];
}

export interface MetricsServer {
  port: number;
  /** What Prometheus scrapes: http://host:port/metrics. */
  url: string;
  close(): Promise<void>;
}

/** Thrown when the address cannot be bound (in use, not local, no permission). */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

async function handle(req: IncomingMessage, res: ServerResponse, registries: () => readonly Registry[]): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("method not allowed\n");
    return;
  }
  if (path === "/healthz") {
    res.writeHead(200, { "Content-Type": "text/plain" }).end("ok\n");
    return;
  }
  if (path !== "/metrics") {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found: try /metrics or /healthz\n");
    return;
  }
  try {
    const body = await exposition(registries());
    res.writeHead(200, { "Content-Type": Registry.PROMETHEUS_CONTENT_TYPE }).end(req.method === "HEAD" ? undefined : body);
  } catch (e) {
    // A scrape must never crash the service: the error goes to the scraper.
    res.writeHead(500, { "Content-Type": "text/plain" }).end(`${e instanceof Error ? e.message : String(e)}\n`);
  }
}

export async function serveMetrics(options: ServeOptions): Promise<MetricsServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new ExporterInputError("port", "a TCP port, an integer from 0 (any free port) to 65535", options.port);
  }
  if (typeof options.host !== "string" || options.host === "") throw new ExporterInputError("host", "a host name or address", options.host);
  const server = createServer((req, res) => void handle(req, res, options.registries));
  // Scrapers keep connections alive; a scrape that stalls is cut rather than held open forever.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException) => {
      const why = e.code === "EADDRINUSE" ? "address already in use" : e.code === "EADDRNOTAVAIL" ? "address not available on this machine" : e.message;
      reject(new ListenError(`cannot listen on ${options.host}:${options.port}: ${why}`));
    };
    server.once("error", fail);
    server.listen(options.port, options.host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    port,
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
