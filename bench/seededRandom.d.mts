/** Types of seededRandom.mjs, for tests that generate their corpora from a seed. */
export declare function seededRandom(seed: number): () => number;
