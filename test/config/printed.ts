// Reads `-p` output: the line `key=value` and, joined to it, the source comment printed above it.
/** "key=value # source" for one key of `-p` output, or undefined when the key is not printed. */
export function printedLine(text: string, key: string): string | undefined {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.startsWith(`${key}=`));
  if (i < 0) return undefined;
  return `${lines[i]} ${lines[i - 1] ?? ""}`;
}
