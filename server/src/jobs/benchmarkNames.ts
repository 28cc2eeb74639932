/**
 * The benchmarks of the manifest in jobs/pns_jobs/benchmarks.py (MANIFEST): an eval config may name
 * one instead of a JSONL path. jobs/tests/test_benchmarks.py checks that both lists agree.
 */
export const BENCHMARK_NAMES: readonly string[] = [
  "gsm8k",
  "math500",
  "minerva_math",
  "olympiadbench",
  "aime24",
  "amc23",
  "college_math",
];
