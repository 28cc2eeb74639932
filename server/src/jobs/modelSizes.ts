/**
 * Parameter counts of the models the paper-scale configs name (from each model's published
 * config: embeddings included), for the memory estimate of a dry run. Nothing is downloaded: an
 * unknown model simply gets no estimate.
 */
const PARAMETERS: Record<string, number> = {
  "Qwen/Qwen3-4B": 4.02e9,
  "Qwen/Qwen3-8B": 8.19e9,
  "Qwen/Qwen2.5-0.5B-Instruct": 0.49e9,
  "Qwen/Qwen2.5-1.5B-Instruct": 1.54e9,
  "Qwen/Qwen2.5-7B-Instruct": 7.62e9,
  "Qwen/Qwen2.5-Math-7B": 7.62e9,
  "Qwen/Qwen2.5-Math-7B-Instruct": 7.62e9,
  "meta-llama/Llama-3.1-8B-Instruct": 8.03e9,
};

export function modelParameters(model: string): number | undefined {
  return PARAMETERS[model];
}
