import { describe, expect, it } from "vitest";
import { extractFinalAnswer } from "../../../server/src/core/grader/index";

/** Asserts the extraction and that its offsets point into the original response. */
function check(response: string, text: string, method: string): void {
  const e = extractFinalAnswer(response);
  expect(e, response).not.toBeNull();
  expect(e!.text).toBe(text);
  expect(e!.method).toBe(method);
  if (!e!.text.includes(", ") || method !== "boxed") expect(response.slice(e!.start, e!.end)).toBe(text);
}

describe("extractFinalAnswer", () => {
  it("prefers the Minerva final-answer sentence", () => {
    check(
      "So \\boxed{4}. Final Answer: The final answer is $5$. I hope it is correct.",
      "5",
      "final-answer-sentence",
    );
  });

  it("takes the right-most brace-matched box", () => {
    check("First \\boxed{1}, then \\boxed{\\frac{1}{2}} done", "\\frac{1}{2}", "boxed");
    check("\\boxed{\\{1, 2\\}}", "\\{1, 2\\}", "boxed");
    check("so \\fbox{7}", "7", "boxed");
    check("so $\\boxed 9$", "9", "boxed");
  });

  it("collapses identical boxes and joins boxes that list one answer", () => {
    check("\\boxed{3} ... again \\boxed{3}", "3", "boxed");
    const e = extractFinalAnswer("The cubes are $\\boxed{1331}$ and $\\boxed{1728}$.");
    expect(e?.text).toBe("1331, 1728");
    expect(e?.method).toBe("boxed");
  });

  it("joins boxes divided by a run of one symbol, not by a single operator", () => {
    expect(extractFinalAnswer("$\\boxed{35 cm} ++++++ \\boxed{4}$")?.text).toBe("35 cm, 4");
    expect(extractFinalAnswer("\\boxed{1}\n---\n\\boxed{2}")?.text).toBe("1, 2");
    expect(extractFinalAnswer("\\boxed{1} === \\boxed{2}")?.text).toBe("1, 2");
    // One `+` or `-` between boxes is an operation, not a divider: the last box stands.
    check("\\boxed{3} + \\boxed{4}", "4", "boxed");
    check("\\boxed{3} -- \\boxed{4}", "4", "boxed");
    // A divider followed by words that correct the earlier box: not joined.
    check("\\boxed{3} +++ wait, it is \\boxed{4}", "4", "boxed");
  });

  it("joins boxes written with doubled backslashes (text escaped twice)", () => {
    expect(extractFinalAnswer("$\\\\boxed{35 cm} ++++++ \\\\boxed{4}$")?.text).toBe("35 cm, 4");
    expect(extractFinalAnswer("\\\\boxed{1} and \\\\boxed{2}")?.text).toBe("1, 2");
    // A lone backslash elsewhere between the boxes is not a separator.
    check("\\boxed{3} \\ x \\boxed{4}", "4", "boxed");
  });

  it("reads a long run of symbols between boxes in linear time", () => {
    for (const c of ["+", "-", "=", "*"]) {
      const response = `\\boxed{1} ${c.repeat(200_000)}x \\boxed{2}`;
      const started = process.cpuUsage();
      expect(extractFinalAnswer(response)?.text).toBe("2");
      const cpu = process.cpuUsage(started);
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(500);
    }
  });

  it("skips an unclosed (truncated) box", () => {
    check("We get 12 apples. \\boxed{12", "12", "last-number");
  });

  it("reads GSM8K's #### line", () => {
    check("She pays 3*4 = 12.\n#### 12", "12", "gsm8k");
  });

  it("reads 'the answer is' and Markdown bold", () => {
    check("Thus the answer is **73**.", "73", "answer-phrase");
    check("**Final Answer:** 42", "42", "answer-phrase");
    check("The answer is 3.5. Then we stop", "3.5", "answer-phrase");
  });

  it("falls back to the last math span, treating $ before a digit as currency", () => {
    check("We find that $x = 5$ works.", "x = 5", "latex-math");
    check("He paid $5 and then $10 more, so 15 in total", "15", "last-number");
  });

  it("ignores <think> blocks", () => {
    check("<think>the answer is 5</think>It is \\boxed{6}", "6", "boxed");
    expect(extractFinalAnswer("<think>the answer is 5 and I keep thinking")).toBeNull();
  });

  it("bounds the box scan: 40 characters for the command and its spaces, the last 64 boxes", () => {
    check("so \\boxedtext{5} and \\boxed{6}", "6", "boxed");
    check(`\\boxed${" ".repeat(34)}{5}`, "5", "boxed");
    expect(extractFinalAnswer(`x \\boxed${" ".repeat(35)}{5} y`)?.method).toBe("whole-response");
    const many = Array.from({ length: 70 }, (_, i) => `\\boxed{${i + 1}}`).join(" ");
    const e = extractFinalAnswer(many);
    expect(e?.text).toBe(Array.from({ length: 64 }, (_, i) => i + 7).join(", "));
    expect(many.slice(e!.start, e!.start + 1)).toBe("7");
    check("\\boxed{3} <think> \\boxed{4}", "3", "boxed");
    check("\\boxed{3} </think> \\boxed{4} </think> so \\boxed{5}", "5", "boxed");
  });

  it("returns null when there is nothing", () => {
    expect(extractFinalAnswer("no digits here at all")).toBeNull();
    expect(extractFinalAnswer("")).toBeNull();
  });
});
