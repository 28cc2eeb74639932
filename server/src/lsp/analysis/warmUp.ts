/**
 * A fresh worker thread runs its first few hundred segments in V8's interpreter and baseline tiers
 * before the optimising compiler catches up: several times slower per sample. A worker warms up on
 * a small built-in problem right after it starts (the pool starts workers with the server, see
 * pool.ts), while the main thread is still receiving a big document, so that the real segments
 * run on optimised code from the first batch. Bounded in time, so a job sent meanwhile waits
 * little.
 */

/** One problem in the shapes a real dataset has: display math, boxes, arithmetic claims, steps. */
export const WARM_UP_SEGMENT = `@problem warm-up-1 source=warm-up
A tank holds $120$ litres. A pump removes $\\frac{1}{4}$ of the water, then $15$ more litres.
How much water is left?

@answer 75

@positive model=warm-up
## Step 1: the first pump

$$
\\begin{aligned}
120 \\cdot \\frac{1}{4} &= 30 \\\\
120 - 30 &= 90
\\end{aligned}
$$

## Step 2: the rest

Then $90 - 15 = 75$, so the answer is $\\boxed{75}$.

@negative model=warm-up kind=plausible
## Step 1: the first pump

A quarter of the water is $120 \\div 4 = 30$ litres, leaving $120 - 30 = 90$.

## Step 2: the rest

Removing $15$ more gives $90 - 15 = 65$. The answer is $\\boxed{65}$.

@negative model=warm-up
The pump leaves $\\frac{3}{4} \\times 120 = 90$ litres and then $90 + 15 = 105$.

Therefore the tank holds \\boxed{105} litres.

`;

/** Longest a warm-up may take. */
const BUDGET_MS = 80;
const ROUNDS = 150;

/** Calls `analyse` on the warm-up segment until {@link ROUNDS} rounds or the time budget is spent. */
export function warmUp(analyse: (segmentText: string) => void): void {
  const start = performance.now();
  for (let round = 0; round < ROUNDS && performance.now() - start < BUDGET_MS; round++) {
    analyse(WARM_UP_SEGMENT);
  }
}

/** A slice of the main thread's warm-up: short, so that requests arriving meanwhile barely wait. */
const SLICE_MS = 4;

/**
 * {@link warmUp} for the server's main thread, which also analyses (from the front of a big file):
 * in slices of a few milliseconds with the event loop served in between, on the same time budget.
 */
export async function warmUpInSlices(analyse: (segmentText: string) => void): Promise<void> {
  const start = performance.now();
  let round = 0;
  while (round < ROUNDS && performance.now() - start < BUDGET_MS) {
    const slice = performance.now();
    while (round < ROUNDS && performance.now() - slice < SLICE_MS) {
      analyse(WARM_UP_SEGMENT);
      round++;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
