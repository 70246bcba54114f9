// The broker's topic configs: a map in memory, written through to store.meta.topics on every
// change (the store bumps the topic data version), and announced through onChange so the
// registrar re-registers with the NameServers.
import { Perm, PERM_READ_WRITE, SystemTopic, type Logger, type TopicConfig } from "../../common/index.ts";
import type { KeyedTable } from "../../store/index.ts";
import type { TopicTable } from "../context.ts";

export interface TopicTableDeps {
  persisted: KeyedTable<TopicConfig>;
  log: Logger;
  autoCreateTopicEnable: boolean;
  /** Called after every create, update and delete; returns the registration round it asked for
   *  (announced() waits for it), or nothing where no NameServer is told. */
  onChange: () => Promise<void> | void;
}

export function newTopicConfig(topicName: string, queueNums: number, perm = PERM_READ_WRITE): TopicConfig {
  return {
    topicName,
    readQueueNums: queueNums,
    writeQueueNums: queueNums,
    perm,
    topicFilterType: "SINGLE_TAG",
    topicSysFlag: 0,
    order: false,
  };
}

export function createTopicTable(deps: TopicTableDeps): TopicTable {
  const configs = new Map<string, TopicConfig>();
  for (const config of deps.persisted.all()) configs.set(config.topicName, config);
  let announcing: Promise<void> = Promise.resolve();
  const changed = (): void => {
    announcing = deps.onChange() ?? announcing;
  };

  const put = (config: TopicConfig): void => {
    configs.set(config.topicName, config);
    deps.persisted.put(config);
    changed();
  };

  /** RocketMQ's createTopicInSendMessageMethod: inherit queues and perm from a template topic. */
  const createOnSend = (topic: string, defaultTopic: string, queueNums: number, sysFlag: number) => {
    const existing = configs.get(topic);
    if (existing !== undefined) return existing;
    const template = configs.get(defaultTopic);
    if (template === undefined) {
      deps.log.warn("auto-create refused: default topic does not exist", { topic, defaultTopic });
      return undefined;
    }
    // With auto-creation off, TBW102 (if it was persisted earlier) is no template.
    const templatePerm =
      defaultTopic === SystemTopic.AUTO_CREATE && !deps.autoCreateTopicEnable ? PERM_READ_WRITE : template.perm;
    if ((templatePerm & Perm.INHERIT) === 0) {
      deps.log.warn("auto-create refused: default topic has no inherit permission", { topic, defaultTopic });
      return undefined;
    }
    const nums = Math.max(0, Math.min(queueNums, template.writeQueueNums));
    const created: TopicConfig = {
      ...newTopicConfig(topic, nums, templatePerm & ~Perm.INHERIT),
      topicFilterType: template.topicFilterType,
      topicSysFlag: sysFlag,
    };
    deps.log.info("topic created on send", { topic, defaultTopic, queueNums: nums });
    put(created);
    return created;
  };

  return {
    get: (topic) => configs.get(topic),
    all: () => [...configs.values()],
    put,
    delete(topic) {
      if (!configs.delete(topic)) return;
      deps.persisted.delete(topic);
      changed();
    },
    announced: () => announcing,
    createOnSend,
    createSystemTopic(topic, queueNums, perm) {
      const existing = configs.get(topic);
      if (existing !== undefined) return existing;
      const created = newTopicConfig(topic, queueNums, perm);
      deps.log.info("system topic created", { topic, queueNums, perm });
      put(created);
      return created;
    },
  };
}
