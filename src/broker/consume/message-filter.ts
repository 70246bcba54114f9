// Pull filters, in RocketMQ's two stages.
// TAG subscription:
// 1. consume queue: the entry's tags code must be in the subscription's code set ("*" takes all);
// 2. record: the message's TAGS must be one of the subscribed tags exactly, so two tags whose
//    hash codes collide are told apart before the bytes go out (RocketMQ leaves this to the client).
// SQL92 subscription: every consume-queue entry passes (no bloom pre-filter); the record's
// properties (user ones and system ones such as TAGS) are decoded and the selector evaluated.
import { MessageProperty, decodeRecord, parseProperties, propertyOf } from "../../common/index.ts";
import type { MessageFilter } from "../../store/index.ts";
import type { Sql92Selector } from "../filter/index.ts";
import type { ConsumerSubscription } from "../context.ts";
import { subscribesAll } from "./subscription.ts";

const MATCH_ALL: MessageFilter = { matchTagsCode: () => true };

export function tagFilter(sub: ConsumerSubscription): MessageFilter {
  if (subscribesAll(sub)) return MATCH_ALL;
  const codes = new Set(sub.codeSet);
  const tags = new Set(sub.tagsSet);
  return {
    matchTagsCode: (tagsCode) => codes.has(tagsCode),
    matchRecord: (record) => {
      const tag = propertyOf(decodeRecord(record).properties, MessageProperty.TAGS);
      return tag !== undefined && tags.has(tag);
    },
  };
}

export function sqlFilter(selector: Sql92Selector): MessageFilter {
  return {
    matchTagsCode: () => true,
    matchRecord: (record) => selector.matches(parseProperties(decodeRecord(record).properties)),
  };
}
