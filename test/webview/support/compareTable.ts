/** A table.json in the shape `python -m pns_jobs.compare` writes (jobs/pns_jobs/compare.py: table_json). */
export const TABLE_JSON = {
  benchmarks: ["gsm8k", "math500"],
  rows: [
    {
      backbone: "Qwen2.5-Math-7B",
      arm: "baseline",
      eval: "/runs/a",
      model: "Qwen/Qwen2.5-Math-7B",
      benchmarks: {
        gsm8k: { "pass@1": 0.8, ci95: [0.78, 0.82], se: 0.01, problems: 1319, samples: 1 },
        math500: { "pass@1": 0.5, ci95: [0.46, 0.54], se: 0.02, problems: 500, samples: 1 },
      },
      average: { "pass@1": 0.65, ci95: [0.63, 0.67], se: 0.011, problems: 1819, samples: 1 },
    },
    {
      backbone: "Qwen2.5-Math-7B",
      arm: "pns-dpo",
      eval: "/runs/b",
      benchmarks: { gsm8k: { "pass@1": 0.83, ci95: [0.81, 0.85], se: 0.01, problems: 1319, samples: 1 } },
      average: null,
    },
  ],
  metric: "pass@1, 95% CI (normal approximation over problems)",
  code_version: "pns 0.1.0 (abc123)",
  machine: "host (Linux)",
};
