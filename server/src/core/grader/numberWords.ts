// Whole-answer number words ("five", "twenty-three", "one hundred"): GSM8K-style answers in prose.
const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

/** The integer a phrase of number words spells, or null when it is anything else. */
export function parseNumberWords(text: string): number | null {
  const words = text
    .toLowerCase()
    .replace(/-/g, " ")
    .split(/\s+/)
    .filter((w) => w !== "" && w !== "and");
  if (words.length === 0 || words.length > 8) return null;
  let total = 0;
  let current = 0;
  for (const word of words) {
    const small = SMALL[word] ?? TENS[word];
    if (small !== undefined) current += small;
    else if (word === "hundred") current = (current || 1) * 100;
    else if (SCALES[word] !== undefined) {
      total += (current || 1) * SCALES[word];
      current = 0;
    } else return null;
  }
  return total + current;
}
