/** Query parameters whose values are credentials in common APIs (Azure `api-key`, signed URLs, ...). */
const SECRET_PARAM = /(key|token|secret|password|passwd|pwd|sig|signature|auth|credential|session|code)/i;

/**
 * The endpoint as it may be shown and stored: no `user:password@`, no secret-looking query
 * parameters, no fragment. Unparseable input gives a fixed placeholder rather than leaking it.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "<invalid url>";
  }
  url.username = "";
  url.password = "";
  url.hash = "";
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.delete(name);
  }
  return url.toString();
}

/** Removes every occurrence of `secret` from `text` (error messages may echo request headers). */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("<redacted>");
}

/** Every `http(s)://` URL inside free text (an error message, a log line), redacted as {@link redactUrl}. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>`]+/gi, (url) => {
    // Keep sentence punctuation that ended the URL outside it.
    const trail = /[.,;:)\]]+$/.exec(url)?.[0] ?? "";
    const body = trail ? url.slice(0, -trail.length) : url;
    const redacted = redactUrl(body);
    if (redacted === "<invalid url>") return `<url>${trail}`;
    // Nothing secret in it: keep it as written (no normalising `http://h:1` to `http://h:1/`).
    return (redacted === new URL(body).toString() ? body : redacted) + trail;
  });
}

/** An error or log text as it may be shown: URLs redacted, then the secret removed. */
export function scrubText(text: string, secret: string | undefined): string {
  return scrubSecret(redactUrlsIn(text), secret);
}
