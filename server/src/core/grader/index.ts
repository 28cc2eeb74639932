// The answer grader: public API of server/src/core/grader. Pure: strings in, verdicts out.
export { extractFinalAnswer } from "./extract";
export { gradeAnswer, gradeResponse, normalizeAnswer } from "./grade";
export { clearAnswerCache } from "./parseAnswer";
export type { Extraction, ExtractionMethod, NormalizedAnswer, Verdict } from "./types";
export { MAX_ANSWER_CHARS, MAX_RESPONSE_CHARS } from "./bounds";
