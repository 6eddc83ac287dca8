// The local stand-in for PagerDuty, Slack and webhook receivers: records every notification
// Alertmanager delivers, with what an on-call engineer would read in it.
import { createServer, type Server } from "node:http";

export interface Delivery {
  receiver: string;
  kind: "pagerduty" | "slack" | "webhook";
  status: "firing" | "resolved";
  /** The experiment (instance) the notification is about, as rendered. */
  experiment: string;
  /** Every text field rendered into the notification, joined: summary, description, links. */
  text: string;
  /** Seconds since the webhook started. */
  at: number;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);
}

/** What a delivery says, per receiver kind. Unknown shapes are kept as text so they fail checks. */
function parse(kind: Delivery["kind"], body: Record<string, unknown>): Pick<Delivery, "status" | "experiment" | "text"> {
  if (kind === "pagerduty") {
    const payload = (body.payload ?? {}) as Record<string, unknown>;
    const details = (payload.custom_details ?? {}) as Record<string, unknown>;
    return {
      status: body.event_action === "resolve" ? "resolved" : "firing",
      experiment: str(details.experiment),
      text: [payload.summary, ...Object.values(details)].map(str).join("\n"),
    };
  }
  if (kind === "slack") {
    const a = ((body.attachments as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
    const title = str(a.title);
    // Alertmanager's default Slack colour: "danger" while firing, "good" once resolved.
    return {
      status: a.color === "good" ? "resolved" : "firing",
      experiment: / in (\S+)$/.exec(title)?.[1] ?? "",
      text: [title, a.text].map(str).join("\n"),
    };
  }
  const labels = (body.commonLabels ?? {}) as Record<string, string>;
  return { status: body.status === "resolved" ? "resolved" : "firing", experiment: labels.experiment ?? "", text: JSON.stringify(body) };
}

export class Webhook {
  readonly deliveries: Delivery[] = [];
  private server: Server | undefined;
  url = "";

  /** `started`: the run's start (ms since the epoch), the origin of every delivery's `at`. */
  constructor(private readonly started: number) {}

  async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const [, kind, receiver] = (req.url ?? "").split("/");
        if (kind === "pagerduty" || kind === "slack" || kind === "webhook") {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
          } catch {
            body = { unparsable: Buffer.concat(chunks).toString("utf8") };
          }
          this.deliveries.push({ receiver: decodeURIComponent(receiver ?? ""), kind, ...parse(kind, body), at: (Date.now() - this.started) / 1000 });
        }
        res.writeHead(kind === "pagerduty" ? 202 : 200, { "content-type": "application/json" });
        res.end(kind === "slack" ? "ok" : '{"status":"success"}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(0, "127.0.0.1", () => resolve());
    });
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === "object" && addr !== null ? addr.port : 0}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    // Alertmanager keeps connections alive: cut them, or close() waits for them.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
