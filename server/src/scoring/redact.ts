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
