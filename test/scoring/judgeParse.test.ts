import { describe, expect, it } from "vitest";
import { judgeScore, normaliseCriteria, parseJudgeReply } from "../../server/src/scoring/judge/parse";
import { JUDGE_PROMPT_V1, promptVersion, renderUser } from "../../server/src/scoring/judge/prompt";

const valid =
  '{"relevance": 10, "coherence": 7, "instruction_following": 4, "reasoning_quality": 1, "rationale": "ok"}';

describe("parseJudgeReply", () => {
  it("reads a bare JSON object", () => {
    const parsed = parseJudgeReply(valid);
    expect(parsed).toEqual({
      ok: true,
      value: { raw: { relevance: 10, coherence: 7, instructionFollowing: 4, reasoning: 1 }, rationale: "ok" },
    });
  });

  it.each([
    ["a json fence", "```json\n" + valid + "\n```"],
    ["a bare fence", "```\n" + valid + "\n```"],
    ["prose around it", `Here is my assessment:\n${valid}\nHope this helps.`],
    ["numeric strings", valid.replace("10", '"10"')],
  ])("tolerates %s", (_, reply) => {
    expect(parseJudgeReply(reply).ok).toBe(true);
  });

  it.each([
    ["", "empty reply"],
    ["I think it is fine.", "no JSON object"],
    ["{relevance: 5}", "invalid JSON"],
    ["[1,2,3]", "no JSON object"],
    [valid.replace('"coherence": 7, ', ""), '"coherence" is missing'],
    [valid.replace("10", "11"), '"relevance" is 11, outside 1-10'],
    [valid.replace("10", "0"), '"relevance" is 0, outside 1-10'],
    [valid.replace("10", "-3"), "outside 1-10"],
    [valid.replace("10", '"high"'), '"relevance" is missing or not a number'],
    [valid.replace("10", "null"), "not a number"],
  ])("rejects %j (%s), never guessing", (reply, message) => {
    const parsed = parseJudgeReply(reply);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it("normalises 1-10 onto [0,1] and averages the four criteria", () => {
    const criteria = normaliseCriteria({
      relevance: 10,
      coherence: 1,
      instructionFollowing: 5.5,
      reasoning: 10,
    });
    expect(criteria).toEqual({ relevance: 1, coherence: 0, instructionFollowing: 0.5, reasoning: 1 });
    expect(judgeScore(criteria)).toBe(0.625);
  });
});

describe("judge prompt v1", () => {
  it("is pinned: editing the text must bump the version", () => {
    // If this fails you changed the rubric: give it a new id (judge-v2) and pin the new hash.
    expect(JUDGE_PROMPT_V1.id).toBe("judge-v1");
    expect(JUDGE_PROMPT_V1.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(promptVersion(JUDGE_PROMPT_V1)).toBe(`judge-v1#${JUDGE_PROMPT_V1.hash}`);
    expect(JUDGE_PROMPT_V1.hash).toBe(PINNED_HASH);
  });

  it("asks for the four criteria and says the judge has no answer key", () => {
    for (const key of ["relevance", "coherence", "instruction_following", "reasoning_quality", "rationale"]) {
      expect(JUDGE_PROMPT_V1.system).toContain(`"${key}"`);
    }
    expect(JUDGE_PROMPT_V1.system).toContain("NOT given the correct answer");
  });

  it("fills the template in one pass", () => {
    const text = renderUser(JUDGE_PROMPT_V1, "What is {response}?", "It is {problem}.");
    expect(text).toContain("What is {response}?");
    expect(text).toContain("It is {problem}.");
  });
});

const PINNED_HASH = "ec4ee4046c2e3ce8";
