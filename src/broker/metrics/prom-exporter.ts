// metricsExporterType=PROM: GET /metrics on metricsPromExporterHost:metricsPromExporterPort
// (RocketMQ 5's keys, port 5557) in the Prometheus text format, and /health and /ready beside it.
// start() resolves to the bound port (0 = ephemeral, for tests) and throws when the port cannot
// be bound; stop() closes it.
import { healthResponse, PROMETHEUS_CONTENT_TYPE, readyResponse, type MetricsRegistry, type Readiness } from "../../common/index.ts";

export class PromExporter {
  private server: ReturnType<typeof Bun.serve> | undefined;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly host: string,
    private readonly port: number,
    private readonly readiness: () => Readiness,
  ) {}

  start(): number {
    this.server = Bun.serve({
      hostname: this.host,
      port: this.port,
      fetch: (req) => {
        const path = new URL(req.url).pathname;
        if (path === "/metrics") return new Response(this.registry.expose(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE } });
        if (path === "/health") return healthResponse();
        if (path === "/ready") return readyResponse(this.readiness());
        return new Response("not found: the metrics are at /metrics (and /health, /ready)\n", { status: 404 });
      },
    });
    return this.server.port ?? this.port;
  }

  async stop(): Promise<void> {
    await this.server?.stop(true);
    this.server = undefined;
  }
}
