// compileAlertmanager: one Alertmanager configuration for every experiment. Per experiment a
// route sends drift to the data-science receiver, critical to PagerDuty and warnings to Slack (or
// the experiment's own receivers); a critical alert silences the warning of the same arm.
// Secrets are read from files at run time (*_file), never written here.
import { ALERTS, OUT } from "../../model/conventions.ts";
import type { Experiment, Receiver } from "../../model/schema.ts";

export const DEFAULT_RECEIVER = "abwatch-default";

type Route = Record<string, unknown>;

function receiverConfig(r: Receiver): Record<string, unknown> {
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

export function compileAlertmanager(experiments: readonly Experiment[]): Record<string, unknown> {
  const receivers = new Map<string, Receiver>();
  const routes: Route[] = [];
  for (const exp of experiments) {
    const r = exp.routing;
    for (const receiver of [r.critical, r.warning, r.drift]) receivers.set(receiver.name, receiver);
    routes.push({
      matchers: [`${OUT.experiment}="${exp.id}"`],
      routes: [
        { matchers: [`alertname="${ALERTS.predictionDrift}"`], receiver: r.drift.name },
        { matchers: [`${OUT.severity}="critical"`], receiver: r.critical.name, repeat_interval: "1h" },
        { matchers: [`${OUT.severity}="warning"`], receiver: r.warning.name },
      ],
    });
  }
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
