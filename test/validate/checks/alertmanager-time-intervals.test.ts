import { describe, expect, it } from "vitest";
import { alertmanagerTimeIntervals } from "../../../src/validate/checks/alertmanager-time-intervals.ts";
import { run } from "./support.ts";

const config = (intervals: string) =>
  `route:\n  receiver: slack\n  routes:\n    - receiver: slack\n      mute_time_intervals: [nights]\n      active_time_intervals: [office]\nreceivers:\n  - name: slack\n${intervals}`;

describe("alertmanager/time-intervals", () => {
  it("reports routes using intervals the config does not define", async () => {
    const problems = await run(alertmanagerTimeIntervals, config(""));
    expect(problems.map((p) => p.message)).toEqual(['undefined time interval "nights" used in route', 'undefined time interval "office" used in route']);
  });

  it("accepts intervals defined under time_intervals or mute_time_intervals", async () => {
    const defined = "time_intervals:\n  - name: office\n    time_intervals: [{weekdays: [monday]}]\nmute_time_intervals:\n  - name: nights\n    time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]\n";
    expect(await run(alertmanagerTimeIntervals, config(defined))).toEqual([]);
  });
});
