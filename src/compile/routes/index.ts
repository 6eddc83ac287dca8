// compileAlertmanager: one Alertmanager configuration for every experiment. Per experiment a
// route sends drift to the data-science receiver, critical to PagerDuty and warnings to Slack (or
// the experiment's own receivers); a critical alert silences the warning of the same arm. Routes
// are made from the alerts the experiment has, so none waits for an alert that cannot exist, and
// only receivers a route uses are declared. Secrets are read from files at run time (*_file).
import { OUT } from "../../model/conventions.ts";
import type { Experiment, Receiver } from "../../model/schema.ts";
import { alertContext, alertsFor } from "../alerts/index.ts";
import type { AlertmanagerConfig, ReceiverConfig, Route } from "./types.ts";

export const DEFAULT_RECEIVER = "abwatch-default";

function receiverConfig(r: Receiver): ReceiverConfig {
  if (r.pagerduty) {
    return {
      name: r.name,
      pagerduty_configs: [
        {
          routing_key_file: r.pagerduty.routingKeyFile,
          send_resolved: true,
          description: "{{ .CommonAnnotations.summary }}",
          details: {
            experiment: "{{ .CommonLabels.experiment }}",
            description: "{{ range .Alerts }}{{ .Annotations.description }} {{ end }}",
            runbook: "{{ .CommonAnnotations.runbook_url }}",
            dashboard: "{{ .CommonAnnotations.dashboard }}",
          },
        },
      ],
    };
  }
  return {
    name: r.name,
    slack_configs: [
      {
        api_url_file: r.slack!.apiUrlFile,
        channel: r.slack!.channel,
        send_resolved: true,
        title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} in {{ .CommonLabels.experiment }}",
        text: "{{ range .Alerts }}{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\nDashboard: {{ .Annotations.dashboard }}\n{{ end }}",
      },
    ],
  };
}

/** The experiment's routes: alerts with a route of their own first, then by severity. */
function experimentRoutes(exp: Experiment, receivers: Map<string, Receiver>): Route {
  const alerts = alertsFor(alertContext(exp));
  const use = (r: Receiver) => (receivers.set(r.name, r), r.name);
  const routes: Route[] = [];
  for (const name of [...new Set(alerts.filter((a) => a.route !== undefined).map((a) => a.name))]) {
    const a = alerts.find((x) => x.name === name)!;
    routes.push({ matchers: [`alertname="${a.name}"`], receiver: use(exp.routing[a.route!]) });
  }
  const bySeverity = (severity: "critical" | "warning") => alerts.some((a) => a.route === undefined && a.severity === severity);
  if (bySeverity("critical")) {
    routes.push({ matchers: [`${OUT.severity}="critical"`], receiver: use(exp.routing.critical), repeat_interval: "1h" });
  }
  if (bySeverity("warning")) routes.push({ matchers: [`${OUT.severity}="warning"`], receiver: use(exp.routing.warning) });
  return { matchers: [`${OUT.experiment}="${exp.id}"`], routes };
}

export function compileAlertmanager(experiments: readonly Experiment[]): AlertmanagerConfig {
  const receivers = new Map<string, Receiver>();
  const routes = experiments.map((exp) => experimentRoutes(exp, receivers));
  const names = [...receivers.keys()].sort();
  return {
    route: {
      receiver: DEFAULT_RECEIVER,
      group_by: ["alertname", OUT.experiment],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes,
    },
    inhibit_rules: [
      {
        source_matchers: [`${OUT.severity}="critical"`],
        target_matchers: [`${OUT.severity}="warning"`],
        equal: [OUT.experiment, OUT.model],
      },
    ],
    receivers: [{ name: DEFAULT_RECEIVER }, ...names.map((n) => receiverConfig(receivers.get(n)!))],
  };
}
