// The GSM8K-style completions that bench/reward.mjs sends and bench/graderCompare.mjs scores in process.

/** A GSM8K-style completion: six lines of arithmetic and a boxed answer; some wrong, some with slips. */
export function completion(seed) {
  const a = 12 + (seed % 80);
  const b = 2 + (seed % 7);
  const c = 3 + (seed % 11);
  const steps = [
    `First, the number of apples per basket is ${a}.`,
    `There are ${b} baskets, so ${a} \\times ${b} = ${a * b} apples in all.`,
    `Then ${c} more apples are added: ${a * b} + ${c} = ${a * b + c}.`,
    `Half of them are sold, which leaves $\\frac{${a * b + c}}{2}$ apples.`,
    `We compute ${a * b + c} / 2 = ${(a * b + c) / 2}.`,
  ];
  // One in five responses has an arithmetic slip; one in three a wrong final answer.
  if (seed % 5 === 0) steps[2] = `Then ${c} more apples are added: ${a * b} + ${c} = ${a * b + c + 1}.`;
  const answer = seed % 3 === 0 ? (a * b + c) / 2 : (a * b + c) / 2 + 1 + (seed % 4);
  steps.push(`Therefore the number of apples left is \\boxed{${answer}}.`);
  return { completion: steps.join("\n"), answer: String((a * b + c) / 2) };
}
