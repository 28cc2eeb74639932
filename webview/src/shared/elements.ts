/**
 * The @vscode-elements/elements components the panels use (the maintained successor of the
 * deprecated @vscode/webview-ui-toolkit). Imported one by one so each bundle carries only these.
 */
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-divider/index.js";

/** A `<vscode-button>` with text set through textContent. */
export function button(
  label: string,
  onClick: () => void,
  options: { title?: string; secondary?: boolean; id?: string } = {},
): HTMLElement {
  const el = document.createElement("vscode-button");
  el.textContent = label;
  if (options.title) el.title = options.title;
  if (options.secondary) el.setAttribute("secondary", "");
  if (options.id) el.id = options.id;
  el.addEventListener("click", onClick);
  return el;
}

export function checkbox(
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
  id?: string,
): HTMLElement {
  const el = document.createElement("vscode-checkbox") as HTMLElement & { checked: boolean; label: string };
  el.label = label;
  el.checked = checked;
  el.toggleAttribute("checked", checked);
  if (id) el.id = id;
  el.addEventListener("change", () => onChange(el.checked));
  return el;
}

export function textfield(
  placeholder: string,
  value: string,
  onInput: (value: string) => void,
  id?: string,
): HTMLElement & { value: string } {
  const el = document.createElement("vscode-textfield") as HTMLElement & {
    value: string;
    placeholder: string;
  };
  el.placeholder = placeholder;
  el.value = value;
  if (id) el.id = id;
  el.addEventListener("input", () => onInput(el.value));
  return el;
}

export function select(
  options: { value: string; label: string }[],
  value: string,
  onChange: (value: string) => void,
  id?: string,
): HTMLElement & { value: string } {
  const el = document.createElement("vscode-single-select") as HTMLElement & { value: string };
  for (const o of options) {
    const opt = document.createElement("vscode-option") as HTMLElement & { value: string };
    opt.value = o.value;
    opt.textContent = o.label;
    el.append(opt);
  }
  if (id) el.id = id;
  el.value = value;
  el.addEventListener("change", () => onChange(el.value));
  return el;
}
