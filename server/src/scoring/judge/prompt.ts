import { createHash } from "node:crypto";

/**
 * The judge's rubric prompt, version 1. The judge sees the problem and the response, never the
 * gold answer: it rates how sound the reasoning looks, which is what makes a negative plausible.
 *
 * Any change to the text below is a new version: bump `id` and update the pinned hash in
 * test/scoring/judgePrompt.test.ts. Cached judge scores are keyed by id and hash, so old scores
 * never mix with new ones.
 */
export interface JudgePrompt {
  id: string;
  system: string;
  /** `{problem}` and `{response}` are replaced. */
  user: string;
  /** First 16 hex digits of SHA-256 over the id, system and user text. */
  hash: string;
}

const system = `You are a meticulous reviewer of step-by-step solutions to mathematics problems.
You are NOT given the correct answer and must not try to decide whether the final answer is correct.
Judge only the reasoning as written, on four criteria, each an integer from 1 (worst) to 10 (best):

- relevance: every step addresses the given problem; no digressions or answers to a different question.
- coherence: steps follow from one another in a clear order; no contradictions, gibberish or repetition loops.
- instruction_following: the response does what the problem asks and ends with one final answer in \\boxed{}.
- reasoning_quality: the method is appropriate and each step is justified; computations look carefully done.

Reply with a single JSON object and nothing else, exactly these keys:
{"relevance": <1-10>, "coherence": <1-10>, "instruction_following": <1-10>, "reasoning_quality": <1-10>, "rationale": "<at most two sentences>"}`;

const user = `Problem:
{problem}

Response to review:
{response}`;

function hashOf(id: string, systemText: string, userText: string): string {
  return createHash("sha256")
    .update(JSON.stringify([id, systemText, userText]), "utf8")
    .digest("hex")
    .slice(0, 16);
}

export const JUDGE_PROMPT_V1: JudgePrompt = {
  id: "judge-v1",
  system,
  user,
  hash: hashOf("judge-v1", system, user),
};

/** The version string recorded in provenance and the cache key: `judge-v1#<hash>`. */
export function promptVersion(prompt: JudgePrompt): string {
  return `${prompt.id}#${prompt.hash}`;
}

/** Fills the user template. Replacement is one pass, so a response containing `{problem}` stays literal. */
export function renderUser(prompt: JudgePrompt, problem: string, response: string): string {
  return prompt.user.replace(/\{(problem|response)\}/g, (_, name: string) =>
    name === "problem" ? problem : response,
  );
}
