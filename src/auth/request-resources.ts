// Which topics and groups a request touches, and the permission each needs: RocketMQ 4.x's
// PlainAccessValidator.parse, plus the codes it leaves out that carry the same headers (batch and
// reply sends, lite pull). A send to a %RETRY% topic needs SUB on its group, as a consumer's
// send-back does. Groups appear as %RETRY%group.
import { decodeHeartbeatData, RequestCode } from "../common/index.ts";
import type { RemotingCommand } from "../remoting/index.ts";
import { isRetryTopic, Perm, retryTopic } from "./permission.ts";

export type ResourceNeeds = Map<string, number>;

export function requestResources(req: RemotingCommand): ResourceNeeds {
  const f = req.extFields;
  const needs: ResourceNeeds = new Map();
  const add = (resource: string | undefined, perm: number) => {
    if (resource !== undefined) needs.set(resource, perm);
  };
  const send = (topic: string | undefined, group: string | undefined) => {
    if (topic !== undefined && isRetryTopic(topic)) add(group === undefined ? undefined : retryTopic(group), Perm.SUB);
    else add(topic, Perm.PUB);
  };
  switch (req.code) {
    case RequestCode.SEND_MESSAGE:
    case RequestCode.SEND_REPLY_MESSAGE:
      send(f.topic, f.producerGroup ?? f.group);
      break;
    case RequestCode.SEND_MESSAGE_V2:
    case RequestCode.SEND_BATCH_MESSAGE:
    case RequestCode.SEND_REPLY_MESSAGE_V2:
      send(f.b ?? f.topic, f.a ?? f.producerGroup);
      break;
    case RequestCode.CONSUMER_SEND_MSG_BACK:
      add(group(f.group), Perm.SUB);
      break;
    case RequestCode.PULL_MESSAGE:
    case RequestCode.LITE_PULL_MESSAGE:
      add(f.topic, Perm.SUB);
      add(group(f.consumerGroup), Perm.SUB);
      break;
    case RequestCode.QUERY_MESSAGE:
      add(f.topic, Perm.SUB);
      break;
    case RequestCode.HEART_BEAT:
      for (const consumer of decodeHeartbeatData(req.body).consumerDataSet) {
        add(retryTopic(consumer.groupName), Perm.SUB);
        for (const sub of consumer.subscriptionDataSet) add(sub.topic, Perm.SUB);
      }
      break;
    case RequestCode.UNREGISTER_CLIENT:
    case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
      add(group(f.consumerGroup), Perm.SUB);
      break;
    case RequestCode.UPDATE_CONSUMER_OFFSET:
      add(group(f.consumerGroup), Perm.SUB);
      add(f.topic, Perm.SUB);
      break;
  }
  return needs;
}

const group = (name: string | undefined): string | undefined => (name === undefined ? undefined : retryTopic(name));
