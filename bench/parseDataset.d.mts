/** Types of parseDataset.mjs, for tests that generate the benchmarks' dataset. */
export declare function generateDataset(options: {
  problems: number;
  samples: number;
  seed: number;
  unicode?: boolean;
}): string;
