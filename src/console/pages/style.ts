// The console's stylesheet: one column on a phone, tables that scroll sideways, no web fonts.
export const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;background:#f5f6f8}
header{background:#1f3a5f;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header b{margin-right:1rem}header a{color:#cfe0ff;text-decoration:none;padding:.2rem .1rem}header a.on{color:#fff;border-bottom:2px solid #fff}
main{padding:1rem;max-width:1200px;margin:auto}h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:.75rem;margin-bottom:1rem;overflow-x:auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eceff3;white-space:nowrap}
th{font-weight:600;color:#4a5566;font-size:.85rem}td.num{text-align:right;font-variant-numeric:tabular-nums}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:flex;flex-direction:column;font-size:.8rem;color:#4a5566}
input,select{font:inherit;padding:.3rem .4rem;border:1px solid #c5ccd6;border-radius:4px;min-width:6rem}
button{font:inherit;padding:.35rem .8rem;border:0;border-radius:4px;background:#2d6cdf;color:#fff;cursor:pointer}button.danger{background:#c0392b}
.muted{color:#6b7685}.bad{color:#c0392b}.ok{color:#1e8449}.pill{display:inline-block;padding:0 .4rem;border-radius:8px;background:#e8edf5;font-size:.8rem}
pre:empty{display:none}pre{white-space:pre-wrap;word-break:break-all;background:#f0f2f5;padding:.5rem;border-radius:4px;margin:.25rem 0}
.chart{min-height:260px}
.who{margin-left:auto;display:flex;gap:.5rem;align-items:center}button.link{background:none;color:#cfe0ff;padding:0;text-decoration:underline}
#logout-result:empty{display:none}
`;
