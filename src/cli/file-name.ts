// A name a remote peer chose (a consumer's clientId, a producer's UNIQ_KEY message id) made safe to
// use as one file name under a directory mq admin writes to: it cannot climb out of it (no "/",
// "\", NUL, nor a name of only dots) and stays readable. mqadmin uses such names as they come.

const UNSAFE_CHARACTER = /[^A-Za-z0-9@#:%._-]/g;

export function safeFileName(name: string): string {
  const safe = name.replace(UNSAFE_CHARACTER, "_");
  return safe === "" || /^\.+$/.test(safe) ? safe.replace(/./g, "_") || "_" : safe;
}
