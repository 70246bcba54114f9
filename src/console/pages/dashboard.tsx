// Dashboard: produce and consume rates per broker over time, drawn with uPlot (embedded in the
// binary, served from /assets) from /api/dashboard, refreshed every 10 s.
const CHART_SCRIPT = `
(() => {
  const charts = {};
  async function draw() {
    const { samples } = await (await fetch("/api/dashboard")).json();
    const names = [...new Set(samples.flatMap((s) => Object.keys(s.brokers)))].sort();
    const xs = samples.map((s) => s.atMs / 1000);
    for (const field of ["putTps", "getTps"]) {
      const el = document.getElementById("chart-" + field);
      const data = [xs, ...names.map((n) => samples.map((s) => s.brokers[n] ? s.brokers[n][field] : null))];
      const width = Math.max(280, el.clientWidth - 8);
      if (charts[field] && charts[field].series.length === names.length + 1) { charts[field].setData(data); continue; }
      if (charts[field]) charts[field].destroy();
      const colors = ["#2d6cdf", "#1e8449", "#c0392b", "#8e44ad", "#d68910"];
      charts[field] = new uPlot({ width, height: 240, series: [{}, ...names.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 2 }))],
        axes: [{}, { label: "messages/s" }] }, data, el);
    }
    document.getElementById("samples").textContent = samples.length + " samples";
  }
  draw();
  setInterval(draw, 10000);
})();
`;

export function DashboardHead() {
  return <><link rel="stylesheet" href="/assets/uplot.css" /><script src="/assets/uplot.js" /></>;
}

export function DashboardPage() {
  return (
    <>
      <h2>Produce TPS per broker</h2>
      <div class="card chart" id="chart-putTps" />
      <h2>Consume TPS per broker</h2>
      <div class="card chart" id="chart-getTps" />
      <p class="muted"><span id="samples" /> · one every 10 s, kept while the console runs</p>
      <script dangerouslySetInnerHTML={{ __html: CHART_SCRIPT }} />
    </>
  );
}
