// Headers of the broker statistics codes: RocketMQ's ViewBrokerStatsDataRequestHeader and
// GetConsumeStatsInBrokerHeader. admin encodes them (src/admin/stats.ts), the broker decodes them
// (src/broker/admin/stats-admin.ts).
//
// code                          field      type     presence
// VIEW_BROKER_STATS_DATA 315    statsName  string   NN    e.g. TOPIC_PUT_NUMS
//                               statsKey   string   NN    e.g. the topic, or topic@group
// GET_BROKER_CONSUME_STATS 317  isOrder    boolean  NN    true: order topics only
import { need, optBool, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

export interface ViewBrokerStatsDataHeader {
  statsName: string;
  statsKey: string;
}

export const encodeViewBrokerStatsDataHeader = (h: ViewBrokerStatsDataHeader): ExtFieldsInit => ({ statsName: h.statsName, statsKey: h.statsKey });

export const decodeViewBrokerStatsDataHeader = (ext: ExtFields): ViewBrokerStatsDataHeader =>
  ({ statsName: need(ext, "statsName"), statsKey: need(ext, "statsKey") });

/** GET_BROKER_CONSUME_STATS's isOrder; a missing one reads as false, as mq always has. */
export const encodeBrokerConsumeStatsHeader = (isOrder: boolean): ExtFieldsInit => ({ isOrder });

export const decodeBrokerConsumeStatsHeader = (ext: ExtFields): boolean => optBool(ext, "isOrder", false);
