/**
 * The local reward engine (pure): format rules, accuracy inversion, arithmetic checks of the
 * chain of thought, step alignment, and the composite reward. See docs/reward.md.
 */
export type * from "./types";
export {
  API_COMPONENTS,
  apiName,
  COMPONENT_NAMES,
  componentLabel,
  componentOfApi,
  isApiComponent,
  remoteLabel,
  REWARD_COMPONENTS,
  type ApiComponent,
  type RemoteApiName,
} from "./components";
export { accuracyInversion, type GradeVerdict } from "./accuracy";
export {
  checkArithmetic,
  findArithmeticClaims,
  type ArithmeticClaim,
  type ArithmeticReport,
} from "./arithmetic/index";
export {
  compositeReward,
  formatComponent,
  formulaWeights,
  type CompositeInput,
  type CompositeOutcome,
  type CompositeResult,
} from "./composite";
export { checkFormat, FORMAT_RULES, ResponseText, type FormatReport, type FormatRule } from "./format/index";
export { localCotScore } from "./localCot";
export {
  lookupFromResults,
  type RemoteComponentName,
  type RemoteScoreLookup,
  type RemoteScorer,
  type RemoteScoreRequest,
} from "./remote";
export {
  compositeFor,
  localScore,
  scoreResponse,
  type LocalScore,
  type RemoteScores,
  type ResponseGrader,
  type ResponseScore,
} from "./score";
export { firstDivergentStep, normalizeStep, splitSteps, type Step, type StepDivergence } from "./steps";
