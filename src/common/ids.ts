// Distinct number types for the offsets and ids that flow through the broker, so a queue offset
// cannot be passed where a physical offset belongs. Made only here.
//
// JavaScript numbers hold integers exactly up to 2^53 (8 PiB), far past any commitlog we write,
// so offsets are plain numbers at rest and become bigint only at the byte codec edge.

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Byte offset in the commitlog, global across segments. */
export type PhysicalOffset = Brand<number, "PhysicalOffset">;
/** Index of an entry in one consume queue (topic, queueId). */
export type QueueOffset = Brand<number, "QueueOffset">;
/** Queue id within a topic on one broker. */
export type QueueId = Brand<number, "QueueId">;

export const physicalOffset = (n: number): PhysicalOffset => n as PhysicalOffset;
export const queueOffset = (n: number): QueueOffset => n as QueueOffset;
export const queueId = (n: number): QueueId => n as QueueId;
