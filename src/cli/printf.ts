// Java's String.format, the subset mqadmin's tables use: %s %d %f with flags "-" (left-align) or
// "0" (zero-padded), a width and a precision (%-32s, %20s, %04d, %9.2f, %.4f), and %n. mq admin prints through it so its
// columns line up exactly as mqadmin's do.
export function printf(format: string, ...args: ReadonlyArray<string | number>): string {
  let i = 0;
  return format.replace(/%(-)?(0)?(\d+)?(?:\.(\d+))?([sdfn%])/g, (_, left: string | undefined, zero: string | undefined, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === "n") return "\n";
    if (conv === "%") return "%";
    const arg = args[i++];
    let text: string;
    if (conv === "f") text = Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
    else if (conv === "d") text = String(Math.trunc(Number(arg)));
    else text = String(arg);
    const w = width === undefined ? 0 : Number(width);
    if (left) return text.padEnd(w);
    if (zero && text.startsWith("-")) return `-${text.slice(1).padStart(w - 1, "0")}`;
    return text.padStart(w, zero ? "0" : " ");
  });
}

/** yyyy-MM-dd HH:mm:ss,SSS in local time, as RocketMQ's UtilAll.formatDate prints timestamps. */
export function formatDateMs(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** yyyy-MM-dd HH:mm:ss in local time (UtilAll.YYYY_MM_DD_HH_MM_SS, DateFormatUtils in mqadmin). */
export function formatDateSeconds(ms: number): string {
  return formatDateMs(ms).slice(0, 19);
}
