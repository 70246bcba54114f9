// Blocks of a .properties file written as XML comments. RocketMQ's own namesrv-n*.conf
// (distribution/conf/controller/cluster-3n-namesrv-plugin) open with the licence in <!-- … -->,
// which .properties does not have: java.util.Properties reads each of its lines as a key ("<!--",
// "Licensed" …) and RocketMQ skips them as keys it does not know. mq skips such a block as a whole,
// with one notice, instead of reporting each of its lines as an unknown key.

export interface LineSpan { readonly first: number; readonly last: number }

/** 1-based inclusive line spans of blocks that open with "<!--" at the start of a line and close
 *  on the first line after it that holds "-->". An unclosed block is no block. */
export function xmlCommentSpans(text: string): LineSpan[] {
  const lines = text.split(/\r\n|\r|\n/);
  const spans: LineSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] ?? "").trimStart().startsWith("<!--")) continue;
    const close = lines.findIndex((line, j) => j >= i && line.includes("-->", j === i ? line.indexOf("<!--") + 4 : 0));
    if (close < 0) break;
    spans.push({ first: i + 1, last: close + 1 });
    i = close;
  }
  return spans;
}

export function inSpans(line: number, spans: readonly LineSpan[]): boolean {
  return spans.some((s) => line >= s.first && line <= s.last);
}
