/** The remote-scoring requests of a document's samples, and whether one still matches the text. */
import { remoteRequest, remoteRequests, sameRequest } from "../../core/analysis/index";
import type { RemoteScoreRequest } from "../../core/reward/remote";
import type { PnsDocument } from "../document/pnsDocument";

export function requestsOfSegment(document: PnsDocument, index: number): RemoteScoreRequest[] {
  return remoteRequests(document.parsed(index).problems);
}

/** Whether the document still holds exactly the text this request would score. */
export function stillCurrent(document: PnsDocument, request: RemoteScoreRequest): boolean {
  const found = document.findProblem(request.problemId);
  if (!found) return false;
  const { problem } = found;
  return (
    request.sampleIndex < problem.samples.length &&
    sameRequest(remoteRequest(problem, request.sampleIndex), request)
  );
}
