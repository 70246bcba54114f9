// Dashboard: produce and consume rates per broker, and produce rates per topic, over time, drawn
// with uPlot (embedded in the binary, served from /assets) from /api/dashboard, every 10 s.
const CHART_SCRIPT = `
(() => {
  const charts = {};
  async function draw() {
    const { samples } = await (await fetch("/api/dashboard")).json();
    const xs = samples.map((s) => s.atMs / 1000);
    const brokers = [...new Set(samples.flatMap((s) => Object.keys(s.brokers)))].sort();
    const topics = [...new Set(samples.flatMap((s) => Object.keys(s.topics)))].sort();
    const series = {
      putTps: [brokers, (s, n) => s.brokers[n] ? s.brokers[n].putTps : null],
      getTps: [brokers, (s, n) => s.brokers[n] ? s.brokers[n].getTps : null],
      topicTps: [topics, (s, n) => s.topics[n] ?? null],
    };
    for (const field of Object.keys(series)) {
      const [names, read] = series[field];
      const el = document.getElementById("chart-" + field);
      const data = [xs, ...names.map((n) => samples.map((s) => read(s, n)))];
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
      <h2>Produce TPS per topic</h2>
      <div class="card chart" id="chart-topicTps" />
      <p class="muted"><span id="samples" /> · one every 10 s, kept while the console runs</p>
      <script dangerouslySetInnerHTML={{ __html: CHART_SCRIPT }} />
    </>
  );
}
