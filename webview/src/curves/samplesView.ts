/** The samples a run logged at one step (samples.jsonl), shown below the charts as plain text. */
import { fmtNumber, h } from "../shared/dom";
import type { LoggedSample } from "../shared/protocol";

function block(title: string, text: string | undefined): HTMLElement | null {
  if (text === undefined) return null;
  return h("div", {}, [h("h3", { text: title }), h("pre", { class: "response card", text })]);
}

export function samplesView(
  run: string,
  step: number,
  samples: LoggedSample[],
  note: string | undefined,
): HTMLElement {
  const title = `Samples of ${run} at step ${step}`;
  const items = samples.map((s, i) => {
    const head = [`#${i + 1}`, s.kind];
    if (s.margin !== undefined) head.push(`margin ${fmtNumber(s.margin)}`);
    if (s.reward !== undefined) head.push(`reward ${fmtNumber(s.reward)}`);
    for (const [k, v] of Object.entries(s.extra ?? {})) head.push(`${k} ${String(v)}`);
    return h("div", { class: "sample card" }, [
      h("div", { class: "muted", text: head.join(" · ") }),
      block("Prompt", s.prompt),
      s.kind === "pair"
        ? h("div", { class: "side" }, [block("Chosen", s.chosen), block("Rejected", s.rejected)])
        : block("Completion", s.completion),
    ]);
  });
  return h("section", { class: "samples", attrs: { "aria-label": title } }, [
    h("h2", { text: title }),
    note ? h("p", { class: "muted", text: note }) : null,
    samples.length === 0 ? h("p", { class: "muted", text: "No samples were logged at this step." }) : null,
    ...items,
  ]);
}
