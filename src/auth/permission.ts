// ACL 1.0 permissions as RocketMQ's Permission class spells them: one byte of bits. A resource
// is a topic name, or a group as its retry topic (%RETRY%group), as plain_acl.yml's groupPerms
// are stored.
export const Perm = { DENY: 1, ANY: 2, PUB: 4, SUB: 8 } as const;

const RETRY_PREFIX = "%RETRY%";
export const retryTopic = (group: string): string => RETRY_PREFIX + group;
export const isRetryTopic = (name: string): boolean => name.startsWith(RETRY_PREFIX);

/** "PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"; anything else, or nothing, is DENY (RocketMQ's rule). */
export function parsePerm(text: string | undefined): number {
  switch (text?.trim()) {
    case "PUB": return Perm.PUB;
    case "SUB": return Perm.SUB;
    case "PUB|SUB":
    case "SUB|PUB": return Perm.PUB | Perm.SUB;
    default: return Perm.DENY;
  }
}

export const isPermText = (text: string): boolean => ["PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"].includes(text.trim());

/** Whether owned grants needed: DENY grants nothing, ANY is met by PUB or SUB. */
export function grants(needed: number, owned: number): boolean {
  if ((owned & Perm.DENY) !== 0) return false;
  if ((needed & Perm.ANY) !== 0) return (owned & (Perm.PUB | Perm.SUB)) !== 0;
  return (needed & owned) !== 0;
}

/** "topic:T" or "group:G", as RocketMQ's remarks name a resource. */
export const resourceText = (resource: string): string =>
  isRetryTopic(resource) ? `group:${resource.slice(RETRY_PREFIX.length)}` : `topic:${resource}`;
