// After train-generator: "Open Training Curves" from the end-of-job notification opens the curves
// panel on that run, and its charts have points drawn (non-blank canvases), not just axes.
import { waitUntil } from "../harness/wait.mjs";
import { activeWebviewFrame, clickNotificationButton, hidePanel } from "../harness/workbench.mjs";

/** Metrics every reverse-RL run logs (TRL's GRPO trainer). */
const CHARTS = ["reward", "loss"];

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "training-curves",
  title: "open the training curves of the finished run from its notification",
  requires: ["train-generator"],
  async run({ page, shots, log }) {
    await clickNotificationButton(page, /reverse-rl.*succeeded/, "Open Training Curves");
    await hidePanel(page); // the task terminal: the charts get the whole height
    const frame = await activeWebviewFrame(page, ".chart.card", 60_000);
    const run = await frame
      .locator(".legend button[data-run]")
      .first()
      .getAttribute("data-run", { timeout: 30_000 });
    if (!/reverse-rl/.test(run ?? ""))
      throw new Error(`the curves legend does not show the reverse-rl run: ${run}`);
    // Axes, grid and labels are painted in grey; a run's series in a saturated colour. Count the
    // saturated pixels of each chart: zero means axes without points.
    const painted = await waitUntil(
      "the reward and loss charts of the run have points drawn",
      async () => {
        const counts = Object.fromEntries(
          await frame.$$eval(".chart.card", (cards) =>
            cards.map((card) => {
              let coloured = 0;
              for (const canvas of card.querySelectorAll("canvas")) {
                const context = canvas.getContext("2d");
                if (!context || canvas.width === 0) continue;
                const px = context.getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 0; i < px.length; i += 4) {
                  const spread =
                    Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]);
                  if (px[i + 3] > 128 && spread > 60) coloured += 1;
                }
              }
              return [card.getAttribute("data-metric"), coloured];
            }),
          ),
        );
        return CHARTS.every((metric) => counts[metric] > 20) ? counts : null;
      },
      { timeoutMs: 30_000, describe: (last) => JSON.stringify(last) },
    );
    log(`run ${run}; coloured pixels: ${CHARTS.map((metric) => `${metric}=${painted[metric]}`).join(", ")}`);
    await shots.take(page, "curves", { publish: "curves.png" });
  },
};
