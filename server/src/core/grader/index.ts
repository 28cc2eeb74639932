// The answer grader: public API of server/src/core/grader. Pure: strings in, verdicts out.
export { extractFinalAnswer } from "./extract";
export { goldAnswer, gradeAnswer, gradeResponse, normalizeAnswer } from "./grade";
export { explainAnswer, type AnswerExplanation } from "./explain";
export { clearAnswerCache } from "./parseAnswer";
export type { Extraction, ExtractionMethod, NormalizedAnswer, Verdict } from "./types";
export { MAX_ANSWER_CHARS, MAX_RESPONSE_CHARS } from "./bounds";
