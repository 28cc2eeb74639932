import type { PnsSettings } from "../config/settings";
import { gradeResponse } from "../grader/index";
import type { GradeVerdict } from "./accuracy";
import { accuracyInversion } from "./accuracy";
import { type ArithmeticReport, checkArithmetic } from "./arithmetic/index";
import { compositeReward, type CompositeResult } from "./composite";
import { checkFormat, type FormatReport, ResponseText } from "./format/index";
import { localCotScore } from "./localCot";
import type { ComponentScore } from "./types";

/** Grades a response against the gold; the analysis and the reward server inject the grader's. */
export type ResponseGrader = (gold: string, response: string) => GradeVerdict;

/** Remote component scores already known for this response (see RemoteScoreLookup). */
export interface RemoteScores {
  rewardModel?: ComponentScore;
  judge?: ComponentScore;
}

/** Everything the local reward engine computes for one response. */
export interface ResponseScore {
  verdict: GradeVerdict;
  format: FormatReport;
  arithmetic: ArithmeticReport;
  composite: CompositeResult;
}

/** A remote component that is configured but has no score yet is listed, unscored, and left out. */
function remoteComponent(
  name: "rewardModel" | "judge",
  configured: boolean,
  score: ComponentScore | undefined,
): ComponentScore | undefined {
  if (!configured) return undefined;
  return score ?? { name, value: null, weight: 0, reason: "not scored yet" };
}

/** The remote-free part of a response's score: what callers cache by content. */
export type LocalScore = Omit<ResponseScore, "composite">;

/** Grades the response and runs the format rules and arithmetic checks. */
export function localScore(
  gold: string,
  response: string | ResponseText,
  settings: PnsSettings,
  grade: ResponseGrader = gradeResponse,
): LocalScore {
  // One ResponseText, so the rules share its scans (and callers can reuse its word hashes).
  const text = typeof response === "string" ? new ResponseText(response) : response;
  return {
    verdict: grade(gold, text.text),
    format: checkFormat(text, settings),
    arithmetic: checkArithmetic(text.text),
  };
}

/**
 * Combines local results with whatever remote scores are known into the composite reward.
 * `explain: false` leaves out the reasons (the same numbers, every `reason` empty): composing
 * them is a good part of the cost per sample, and a whole file's cached analysis shows none.
 */
export function compositeFor(
  local: LocalScore,
  settings: PnsSettings,
  remote: RemoteScores = {},
  explain = true,
): CompositeResult {
  return compositeReward(
    {
      format: local.format,
      accuracy: accuracyInversion(local.verdict, explain),
      localCot: localCotScore(local.arithmetic, settings.weights.localCot, explain),
      rewardModel: remoteComponent("rewardModel", settings.rewardModel !== undefined, remote.rewardModel),
      judge: remoteComponent("judge", settings.judge !== undefined, remote.judge),
    },
    settings,
    explain,
  );
}

/**
 * Scores one response with the local components (format, accuracy inversion, arithmetic checks)
 * and whatever remote scores are known, into the composite reward. Pure and synchronous: the
 * same function serves the editor, the CLI and the reward server.
 */
export function scoreResponse(
  gold: string,
  response: string,
  settings: PnsSettings,
  remote: RemoteScores = {},
  grade: ResponseGrader = gradeResponse,
): ResponseScore {
  const local = localScore(gold, response, settings, grade);
  return { ...local, composite: compositeFor(local, settings, remote) };
}
