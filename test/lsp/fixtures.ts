/** Small `.pns` documents for the server tests. */
export const DEMO = `@pns 1
@# Two problems: one clean, one with a plausible negative and a false negative.

@problem gsm8k-0001 source=gsm8k split=test
Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.
How many clips did Natalia sell altogether in April and May?

@answer 72
@positive model=gpt-4o temperature=0.7
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 72$.

The answer is $\\boxed{72}$.

@negative model=pns-gen step=120 kind=plausible
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 62$.

The answer is $\\boxed{62}$.

@problem frac-0002 source=custom dup_of=gsm8k-0001
What is one half of one?

@answer \\frac{1}{2}
@positive model=gpt-4o
Half of one is $\\frac{1}{2}$, so the answer is $\\boxed{\\frac{1}{2}}$.

@negative model=pns-gen kind=false-negative
One divided by two is 0.5, so the answer is $\\boxed{0.5}$.
`;

/** A file whose second problem lacks its gold answer and has a bad id. */
export const BROKEN = `@pns 1

@problem ok-1
Two plus two?

@answer 4
@positive
2 + 2 = 4, so $\\boxed{4}$.

@problem bad!id
What?

@positive
I do not know.
`;
