// Cluster: is every broker registered, with which address, role and version; how busy, how full,
// and how far its slaves are behind.
import type { BrokerRow } from "../api/views.ts";

const pct = (ratio: number) => (ratio < 0 ? "?" : `${Math.round(ratio * 100)} %`);

export function ClusterPage(props: { brokers: BrokerRow[] }) {
  if (props.brokers.length === 0) return <p class="card muted">No broker has registered with the name server.</p>;
  return (
    <div class="card">
      <table>
        <thead><tr><th>Cluster</th><th>Broker</th><th>BID</th><th>Address</th><th>Role</th><th>Version</th>
          <th>Produce TPS</th><th>Consume TPS</th><th>Today in</th><th>Disk</th><th>Replication</th><th>Up</th></tr></thead>
        <tbody>
          {props.brokers.map((b) => (
            <tr>
              <td>{b.cluster}</td><td>{b.brokerName}</td><td class="num">{b.brokerId}</td><td>{b.addr}</td>
              <td><span class="pill">{b.role}</span></td>
              {b.error === undefined
                ? <>
                  <td>{b.version}</td><td class="num">{b.putTps.toFixed(1)}</td><td class="num">{b.getTps.toFixed(1)}</td>
                  <td class="num">{b.messagesToday}</td><td class="num">{pct(b.diskRatio)}</td><td>{b.replication ?? ""}</td><td class="muted">{b.runtime}</td>
                </>
                : <td colspan={7} class="bad">{b.error}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
