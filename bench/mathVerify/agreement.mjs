// Agreement of our grader with Math-Verify's own test expectations (issue 13, point 4).
//
//   node bench/mathVerify/agreement.mjs <math-verify checkout> [--show all|disagree] [--json]
//
// The (gold, prediction, expected) triples are read from the checkout's tests/ by triples.py
// (Python's `ast`; nothing of Math-Verify runs) and kept in memory: they are Math-Verify's test
// data and stay out of this repository. Each pair is graded by `gradeSolution` (gold and
// prediction both extracted as responses, the way Math-Verify's `parse` treats both sides), and
// our verdict (equal, or not equal / not gradable) is compared with the expected one.
// Disagreements are listed with our rule and reason; the deliberate ones, documented in
// docs/grader.md, are matched by the DELIBERATE table below and counted apart.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleGrader } from "../bundles.mjs";
import { flag, option } from "../options.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

const checkout = process.argv[2];
if (!checkout) {
  console.error(
    "usage: node bench/mathVerify/agreement.mjs <math-verify checkout> [--show disagree|all] [--json]",
  );
  process.exit(2);
}
const show = option("--show", "disagree");

async function loadGrader() {
  return createRequire(import.meta.url)(await bundleGrader(root));
}

const triples = execFileSync("python3", [path.join(here, "triples.py"), checkout], {
  encoding: "utf8",
  maxBuffer: 64 << 20,
})
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l));

/**
 * Rows where we differ from Math-Verify on purpose (docs/grader.md, "Math-Verify agreement"),
 * keyed by a reason name; each entry tests one row. Kept small and specific: a deliberate
 * difference is a policy, not a way to hide a bug.
 */
const DELIBERATE = [
  // Its own test pins a known fault: 1 − 1/e is not 1 + 1/e.
  [
    "its test asserts a wrong equality (1 - 1/e = 1 + 1/e)",
    (t) => t.expected === 1 && /1 - \\frac\{1\}\{\\mathrm\{e\}\}/.test(t.gold) && /1 \+ \\frac/.test(t.pred),
  ],
  // Math-Verify's non-strict mode lets f(x) equal f(y); our grader has one (strict) policy.
  ["non-strict mode option (variables renamed)", (t) => t.options.strict === false],
  // An interval gold against an inequality pred is rejected by Math-Verify unless an option is
  // set; we accept it (the same set of reals) whichever side it is on.
  [
    "inequality vs the interval it denotes (accepted)",
    (t) => t.options.allow_set_relation_comp === false && t.expected === 0,
  ],
  // Math-Verify rounds to `precision` decimals; a decimal must carry 6 significant digits for us.
  [
    "a rounded decimal with fewer than 6 significant digits vs an exact value",
    (t, v) => t.expected === 1 && /significant digits; a rounded decimal needs 6/.test(v.reason),
  ],
  // `(1,3)` is an ordered pair or an open interval; `{1,3}` is a set: not the same object.
  [
    "a tuple vs a set",
    (t, v) => t.expected === 1 && /a tuple against a set|a set against a tuple/.test(v.reason),
  ],
  // "Answer $ \n 9 \n $": a formula split over lines is still the answer 9.
  ["an inline formula split over lines", (t) => t.expected === 0 && /\$ \n|\\\( \n/.test(t.pred)],
];

const grader = await loadGrader();
const grade = grader.gradeSolution ?? grader.gradeResponse;
let agree = 0;
let deliberate = 0;
let falseAccepts = 0;
const rows = [];
for (const t of triples) {
  const v = grade(t.gold, t.pred);
  const ours = v.equal ? 1 : 0;
  const same = ours === t.expected;
  const why = same ? null : (DELIBERATE.find(([, test]) => test(t, v))?.[0] ?? null);
  if (same) agree++;
  else if (why) deliberate++;
  // A false accept that Math-Verify gets right: it expects 0 and we say equal.
  if (!same && t.expected === 0 && ours === 1) falseAccepts++;
  if (show === "all" || !same)
    rows.push({ ...t, ours, gradable: v.gradable, rule: v.rule, reason: v.reason, deliberate: why });
}
const n = triples.length;
const pct = (k) => `${((100 * k) / n).toFixed(1)}%`;
if (flag("--json")) {
  console.log(JSON.stringify({ triples: n, agree, deliberate, falseAccepts, rows }, null, 2));
} else {
  for (const r of rows) {
    const head = `${r.ours === r.expected ? "same" : r.deliberate ? "DELIBERATE" : "DIFFER"} [${r.test}] expected ${r.expected}, ours ${r.ours}${r.gradable ? "" : " (ungradable)"}`;
    console.log(
      `${head}\n  gold: ${JSON.stringify(r.gold.slice(0, 160))}\n  pred: ${JSON.stringify(r.pred.slice(-160))}\n  ${r.rule}: ${r.reason.slice(0, 300)}${r.deliberate ? `\n  deliberate: ${r.deliberate}` : ""}`,
    );
  }
  console.log(
    `\nMath-Verify agreement: ${agree} of ${n} triples (${pct(agree)}); ${deliberate} deliberate differences (${pct(agree + deliberate)} with them); ${n - agree - deliberate} other; false accepts where Math-Verify rejects: ${falseAccepts}`,
  );
}
