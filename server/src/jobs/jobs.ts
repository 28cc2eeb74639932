// The job catalogue moved to server/src/protocol/jobs.ts (a contract the client shares). This
// re-export keeps branches written against the old path building until they are merged; new code
// imports from protocol.
export * from "../protocol/jobs";
