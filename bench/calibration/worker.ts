// A calibration worker process: runs each scenario index it is sent and sends back its outcome;
// asks for work when it starts and after each scenario, and exits when told it is done.
import { runScenario, scenarios } from "./scenarios.ts";

const all = scenarios();
process.on("message", (m: { index?: number; done?: true }) => {
  if (m.index === undefined) return void process.disconnect();
  process.send!({ index: m.index, outcome: runScenario(all[m.index]!) });
});
process.send!({ ready: true });
