// Java's String.hashCode, exactly: h = 31*h + utf16CodeUnit with int32 overflow.
// Consume queues store it as the tags code, and clients filter by the same number.

export function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) {
    hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  }
  return hash;
}
