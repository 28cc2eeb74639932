/** The placeholder a prompt template must contain. */
export const PROBLEM_PLACEHOLDER = "{problem}";

/**
 * A prompt template: text with `{problem}` where the statement goes. Other braces are literal
 * (LaTeX in a template needs no escaping). One line end at the very end of the template file is
 * dropped, as editors add it; more are kept on purpose.
 *
 * Returns an error message when the template has no placeholder.
 */
export function parseTemplate(text: string): { render(problem: string): string } | string {
  const template = text.replace(/\r\n/g, "\n").replace(/\n$/, "");
  if (!template.includes(PROBLEM_PLACEHOLDER))
    return `the template has no ${PROBLEM_PLACEHOLDER} placeholder`;
  const parts = template.split(PROBLEM_PLACEHOLDER);
  return { render: (problem) => parts.join(problem) };
}

/** The default: the problem statement as it is. */
export const identityTemplate = { render: (problem: string) => problem };
