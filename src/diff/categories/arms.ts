// Arms and their traffic weights: an arm added or removed, a weight or the control moved.
import type { ArmInfo } from "../snapshot.ts";
import { byKey, valueChange, type DraftEntry, type ExperimentCategory } from "./category.ts";

const weight = (a: ArmInfo) => (a.weight === undefined ? undefined : String(a.weight));
const control = (a: ArmInfo) => (a.control === undefined ? undefined : a.control ? "yes" : "no");

function facts(a: ArmInfo, dir: "from" | "to") {
  return [
    ...(weight(a) !== undefined ? [{ field: "weight", [dir]: weight(a)! }] : []),
    ...(a.control === true ? [{ field: "control", [dir]: "yes" }] : []),
  ];
}

export const armsCategory: ExperimentCategory = {
  key: "arms",
  compare({ base, head }) {
    // A side that does not tell its arms (a tree without the arm-weight series) compares nothing.
    if ((base !== undefined && base.arms === undefined) || (head !== undefined && head.arms === undefined)) return [];
    const out: DraftEntry[] = [];
    for (const m of byKey(base?.arms ?? [], head?.arms ?? [], (a) => a.name)) {
      if (m.base === undefined) out.push({ kind: "added", subject: m.key, changes: facts(m.head!, "to") });
      else if (m.head === undefined) out.push({ kind: "removed", subject: m.key, changes: facts(m.base, "from") });
      else {
        const changes = [...valueChange("weight", weight(m.base), weight(m.head))];
        // Control is known only when both sides were compiled.
        if (m.base.control !== undefined && m.head.control !== undefined) changes.push(...valueChange("control", control(m.base), control(m.head)));
        out.push({ kind: "changed", subject: m.key, changes });
      }
    }
    return out;
  },
};
