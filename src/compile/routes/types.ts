// The Alertmanager configuration vocabulary abwatch writes, as plain typed objects (YAML appears
// only in emit). Field names are Alertmanager's own.

export interface Route {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

export interface PagerdutyConfig {
  routing_key_file: string;
  send_resolved: boolean;
  description: string;
  details: Record<string, string>;
}

export interface SlackConfig {
  api_url_file: string;
  channel: string;
  send_resolved: boolean;
  title: string;
  text: string;
}

export interface ReceiverConfig {
  name: string;
  pagerduty_configs?: PagerdutyConfig[];
  slack_configs?: SlackConfig[];
}

export interface AlertmanagerConfig {
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: ReceiverConfig[];
}
